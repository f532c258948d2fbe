package org.tocsin.advisory;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/** An advisory's indicators (set by its author) and its STIX report (for its readers). */
@RestController
class AdvisoryReportApi {

    private final AdvisoryReports reports;
    private final Membership membership;

    AdvisoryReportApi(AdvisoryReports reports, Membership membership) {
        this.reports = reports;
        this.membership = membership;
    }

    record Indicators(List<String> indicators) {}

    @PutMapping("/api/v1/advisories/{id}/indicators")
    @PreAuthorize("hasRole('AUTHOR') and !hasAuthority('READ_ONLY')")
    Indicators link(@PathVariable UUID id, @RequestBody Indicators body, Authentication auth) {
        return new Indicators(reports.link(caller(auth), id, body == null ? null : body.indicators()));
    }

    @GetMapping("/api/v1/advisories/{id}/report")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> report(@PathVariable UUID id, Authentication auth) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/stix+json;version=2.1")
                .body(reports.report(caller(auth), id));
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
