package org.tocsin.audit;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The audit trail for auditors: its newest entries and a check of the whole chain, in the portal and as JSON. */
@Controller
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    record Items(List<AuditEntry> items, Long next) {}

    @GetMapping("/api/v1/audit/verify")
    @ResponseBody
    @PreAuthorize("hasRole('AUDITOR')")
    Verification verifyApi() {
        var result = trail.verify();
        trail.record("audit.verified", "audit-trail", Outcome.SUCCESS, result.valid() ? "intact" : "broken at " + result.brokenAt());
        return result;
    }

    @GetMapping("/api/v1/audit")
    @ResponseBody
    @PreAuthorize("hasRole('AUDITOR')")
    Items entries(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) Long before) {
        var entries = trail.latest(limit, before);
        return new Items(entries, entries.isEmpty() ? null : entries.get(entries.size() - 1).seq());
    }

    @GetMapping("/audit")
    @PreAuthorize("hasRole('AUDITOR')")
    String page(@RequestParam(required = false) Long before, Model model) {
        var entries = trail.latest(50, before);
        model.addAttribute("entries", entries);
        model.addAttribute("next", entries.size() == 50 ? entries.get(entries.size() - 1).seq() : null);
        return "audit/trail";
    }

    @PostMapping("/audit/verification")
    @PreAuthorize("hasRole('AUDITOR')")
    String verifyPage(Model model) {
        var result = trail.verify();
        trail.record("audit.verified", "audit-trail", Outcome.SUCCESS, result.valid() ? "intact" : "broken at " + result.brokenAt());
        model.addAttribute("verification", result);
        return page(null, model);
    }
}
