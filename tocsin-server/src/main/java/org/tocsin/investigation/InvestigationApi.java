package org.tocsin.investigation;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * {@code POST /api/v1/investigations}: leaked text as JSON ({@code {"text", "advisory"}}) or a file
 * as {@code multipart/form-data} (parts {@code file} and, optionally, {@code advisory}). Auditors
 * only: for everybody else the path does not exist (404).
 */
@RestController
@RequestMapping("/api/v1/investigations")
class InvestigationApi {

    private final Investigations investigations;
    private final Membership membership;

    InvestigationApi(Investigations investigations, Membership membership) {
        this.investigations = investigations;
        this.membership = membership;
    }

    record Leak(String text, UUID advisory) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('MEMBER')")
    Investigation investigate(@RequestBody(required = false) Leak leak, Authentication auth) {
        var auditor = auditor(auth);
        return investigations.investigate(auditor, leak == null ? null : leak.text(), leak == null ? null : leak.advisory());
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasAuthority('MEMBER')")
    Investigation upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "advisory", required = false) UUID advisory, Authentication auth) {
        var auditor = auditor(auth);
        return investigations.investigate(auditor, Material.text(file), advisory);
    }

    /** Anybody but an auditor is told there is nothing here, before the request is read. */
    private Person auditor(Authentication auth) {
        return membership.activePerson(auth.getName()).filter(Investigations::mayInvestigate)
                .orElseThrow(() -> Refusal.notFound("Page"));
    }
}
