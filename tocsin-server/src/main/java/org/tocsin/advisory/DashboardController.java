package org.tocsin.advisory;

import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * The authority's dashboard of an advisory: the page with its charts and tables, and the
 * recipients as CSV from the page and from the API. For the authority's authors, approvers and
 * auditors only; to anybody else every advisory's dashboard is "not found", as in the rest of the
 * advisory API. Each CSV download is audited: it lists who received the advisory and their copy
 * serials.
 */
@Controller
class DashboardController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final Dashboards dashboards;
    private final Membership membership;
    private final AuditTrail audit;
    private final Overdue overdue;

    DashboardController(Dashboards dashboards, Membership membership, AuditTrail audit, Overdue overdue) {
        this.dashboards = dashboards;
        this.membership = membership;
        this.audit = audit;
        this.overdue = overdue;
    }

    @GetMapping("/advisories/{id}/recipients")
    @PreAuthorize("hasAuthority('MEMBER')")
    String page(@PathVariable UUID id, Authentication auth, Model model) {
        staff(auth);
        var dashboard = dashboards.of(id);
        model.addAttribute("advisory", dashboard.advisory());
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("distribution", dashboard.distribution());
        if (dashboard.isPublished()) {
            model.addAttribute("progressChart", DashboardCharts.progress(dashboard));
            model.addAttribute("sectorChart", DashboardCharts.shares(dashboard.bySector()));
            model.addAttribute("acknowledgeWithin", overdue.describe(dashboard.published().severity()));
        }
        return "advisory/recipients";
    }

    @GetMapping("/advisories/{id}/recipients.csv")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> download(@PathVariable UUID id, Authentication auth) {
        return csv(staff(auth), id);
    }

    @GetMapping("/api/v1/advisories/{id}/recipients.csv")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> export(@PathVariable UUID id, Authentication auth) {
        return csv(staff(auth), id);
    }

    private ResponseEntity<String> csv(Person caller, UUID id) {
        var dashboard = dashboards.of(id);
        var body = RecipientsCsv.of(dashboard);
        audit.record(caller.username(), "advisory.recipients-exported", "advisory:" + id, Outcome.SUCCESS,
                dashboard.isPublished() ? "version " + dashboard.published().version() + ", "
                        + dashboard.total().recipients() + " recipients" : "never published");
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("advisory-" + id + "-recipients.csv").build().toString())
                .body(body);
    }

    /** The caller, if they are the authority's staff; for anybody else the advisory does not exist. */
    private Person staff(Authentication auth) {
        var caller = membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
        if (!Advisories.isAuthorityStaff(caller)) {
            throw Refusal.notFound("Advisory");
        }
        return caller;
    }
}
