package org.tocsin.identity;

import java.time.Duration;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/** The profile page where people create and revoke their personal API tokens. */
@Controller
class TokenPages {

    private final Membership membership;
    private final ApiTokens tokens;

    TokenPages(Membership membership, ApiTokens tokens) {
        this.membership = membership;
        this.tokens = tokens;
    }

    @GetMapping("/profile/tokens")
    @PreAuthorize("hasAuthority('MEMBER')")
    String list(Authentication auth, Model model) {
        model.addAttribute("tokens", tokens.tokensOf(caller(auth)));
        model.addAttribute("now", java.time.OffsetDateTime.now());
        return "identity/tokens";
    }

    @PostMapping("/profile/tokens")
    @PreAuthorize("hasAuthority('MEMBER')")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String expiresInDays,
            @RequestParam(required = false) String readOnly, Authentication auth, Model model) {
        var person = caller(auth);
        try {
            int days;
            try {
                days = Integer.parseInt(expiresInDays == null ? "" : expiresInDays.strip());
            } catch (NumberFormatException e) {
                throw Refusal.invalid("expiresInDays", "Enter the number of days as a whole number, like 90");
            }
            if (days < 1) {
                throw Refusal.invalid("expiresInDays", "Choose at least 1 day");
            }
            var issued = tokens.create(person, name, Duration.ofDays(days), readOnly != null);
            model.addAttribute("issued", issued);
        } catch (Refusal refusal) {
            model.addAttribute("errorField", refusal.field());
            model.addAttribute("error", refusal.getMessage());
            model.addAttribute("name", name);
            model.addAttribute("expiresInDays", expiresInDays);
        }
        return list(auth, model);
    }

    @PostMapping("/profile/tokens/{id}/revocation")
    @PreAuthorize("hasAuthority('MEMBER')")
    String revoke(@PathVariable UUID id, Authentication auth) {
        tokens.revoke(caller(auth), id);
        return "redirect:/profile/tokens";
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
