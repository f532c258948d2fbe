package org.tocsin.investigation;

import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.tocsin.advisory.Advisories;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/** The investigation page for auditors: paste or upload leaked material, see the ranked recipients. 404 for anybody else. */
@Controller
class InvestigationPages {

    private final Investigations investigations;
    private final Advisories advisories;
    private final Membership membership;

    InvestigationPages(Investigations investigations, Advisories advisories, Membership membership) {
        this.investigations = investigations;
        this.advisories = advisories;
        this.membership = membership;
    }

    @GetMapping("/investigations")
    @PreAuthorize("hasAuthority('MEMBER')")
    String form(Authentication auth, Model model) {
        auditor(auth);
        return page(model, null, null);
    }

    @PostMapping("/investigations")
    @PreAuthorize("hasAuthority('MEMBER')")
    String investigate(@RequestParam(required = false) String text,
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String advisory, Authentication auth, Model model) {
        var auditor = auditor(auth);
        try {
            UUID advisoryId = null;
            if (advisory != null && !advisory.isBlank()) {
                try {
                    advisoryId = UUID.fromString(advisory.strip());
                } catch (IllegalArgumentException e) {
                    throw Refusal.invalid("advisory", "Choose an advisory from the list, or let Tocsin find it");
                }
            }
            var material = file != null && !file.isEmpty() ? Material.text(file) : text;
            model.addAttribute("result", investigations.investigate(auditor, material, advisoryId));
            return page(model, text, advisory);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            model.addAttribute("error", refusal.getMessage());
            model.addAttribute("errorField", refusal.field() == null ? "text" : refusal.field());
            return page(model, text, advisory);
        }
    }

    private String page(Model model, String text, String advisory) {
        model.addAttribute("advisories", advisories.all().stream().filter(a -> a.publishedVersion() != null).toList());
        model.addAttribute("text", text);
        model.addAttribute("chosen", advisory);
        return "investigation/investigate";
    }

    private Person auditor(Authentication auth) {
        return membership.activePerson(auth.getName()).filter(Investigations::mayInvestigate)
                .orElseThrow(() -> Refusal.notFound("Page"));
    }
}
