package org.tocsin.advisory;

import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * The copy page's forms for passing a copy on: share with a colleague, delegate to a security
 * lead, acknowledge on an executive's behalf. Each answers with the copy page again, with a notice
 * or the refusal's message; what the caller may not see is "not found".
 */
@Controller
class SharingPages {

    private final Shares shares;
    private final Membership membership;

    SharingPages(Shares shares, Membership membership) {
        this.shares = shares;
        this.membership = membership;
    }

    @PostMapping("/advisories/{id}/shares")
    @PreAuthorize("hasAuthority('MEMBER')")
    String share(@PathVariable UUID id, @RequestParam(required = false) String username, Authentication auth,
            RedirectAttributes redirect) {
        return answer(id, redirect, "username",
                () -> "Shared with " + shares.share(caller(auth), id, username).username());
    }

    @PostMapping("/advisories/{id}/delegation")
    @PreAuthorize("hasRole('EXECUTIVE')")
    String delegate(@PathVariable UUID id, @RequestParam(required = false) String username, Authentication auth,
            RedirectAttributes redirect) {
        return answer(id, redirect, "delegate-username",
                () -> "Delegated to " + shares.delegate(caller(auth), id, username).delegate());
    }

    @PostMapping("/advisories/{id}/delegation/acknowledgement")
    @PreAuthorize("hasRole('SECURITY_LEAD')")
    String acknowledgeFor(@PathVariable UUID id, @RequestParam(required = false) String executive,
            @RequestParam(required = false) String comment, Authentication auth, RedirectAttributes redirect) {
        return answer(id, redirect, "main-content", () -> {
            shares.acknowledgeFor(caller(auth), id, executive, comment);
            return "Acknowledged on behalf of " + executive.strip();
        });
    }

    private static String answer(UUID id, RedirectAttributes redirect, String field, Supplier<String> step) {
        try {
            redirect.addFlashAttribute("notice", step.get());
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            redirect.addFlashAttribute("error", refusal.getMessage());
            redirect.addFlashAttribute("errorField", refusal.field() == null ? null : field);
        }
        return "redirect:/advisories/" + id;
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
