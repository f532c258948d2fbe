package org.tocsin.advisory;

import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Refusal;

/**
 * A recipient's own copy as a PDF, over the API and from the portal. Only a recipient has a copy:
 * for everybody else, the authority's staff included, it does not exist. Fetching it opens the
 * copy (marks it viewed) and is audited whatever the label, since a PDF is a copy that can travel.
 */
@RestController
class CopyPdfController {

    private final Advisories advisories;
    private final Attachments attachments;
    private final Membership membership;
    private final AuditTrail audit;

    CopyPdfController(Advisories advisories, Attachments attachments, Membership membership, AuditTrail audit) {
        this.advisories = advisories;
        this.attachments = attachments;
        this.membership = membership;
        this.audit = audit;
    }

    @GetMapping({"/api/v1/advisories/{id}/copy.pdf", "/advisories/{id}/copy.pdf"})
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<byte[]> copy(@PathVariable UUID id, Authentication auth) {
        var reader = membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Advisory"));
        if (Advisories.isAuthorityStaff(reader)) {
            throw Refusal.notFound("Advisory");
        }
        var copy = advisories.read(reader, id);
        var organisation = membership.organisation(reader.organisationId()).map(Organisation::name).orElse("");
        var pdf = CopyPdf.render(copy, new CopyPdf.Reader(reader.displayName(), organisation, copy.serial()),
                attachments.inVersion(id, copy.advisory().version()));
        audit.record(reader.username(), "advisory.copy-pdf", "advisory:" + id, Outcome.SUCCESS,
                "version " + copy.advisory().version() + " " + copy.advisory().tlp().label() + " copy " + copy.serial());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).contentLength(pdf.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("tocsin-" + copy.serial() + ".pdf").build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(pdf);
    }
}
