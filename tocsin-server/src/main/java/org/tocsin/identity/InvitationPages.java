package org.tocsin.identity;

import jakarta.annotation.security.PermitAll;

import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Refusal;

/**
 * Where an invited person accepts: the link's token is single-use and expires; accepting adds the
 * person and sets their password in one transaction. The second factor is enrolled at first sign-in.
 */
@Controller
class InvitationPages {

    private final Membership membership;
    private final Credentials credentials;
    private final TransactionTemplate tx;

    InvitationPages(Membership membership, Credentials credentials, TransactionTemplate tx) {
        this.membership = membership;
        this.credentials = credentials;
        this.tx = tx;
    }

    @GetMapping("/invitations/{token}")
    @PermitAll
    String show(@PathVariable String token, Model model) {
        model.addAttribute("token", token);
        var invitation = membership.invitation(token);
        if (invitation.isEmpty()) {
            model.addAttribute("invalid", true);
            return "identity/invitation";
        }
        model.addAttribute("invitation", invitation.get());
        model.addAttribute("organisation", membership.organisation(invitation.get().organisationId()).orElseThrow().name());
        return "identity/invitation";
    }

    @PostMapping("/invitations/{token}")
    @PermitAll
    String accept(@PathVariable String token, @RequestParam(required = false) String password,
            @RequestParam(required = false) String confirmation, Model model) {
        model.addAttribute("token", token);
        var invitation = membership.invitation(token);
        if (invitation.isEmpty()) {
            model.addAttribute("invalid", true);
            return "identity/invitation";
        }
        try {
            if (password != null && !password.equals(confirmation)) {
                throw Refusal.invalid("confirmation", "The two passwords are not the same");
            }
            Credentials.checkPassword(invitation.get().email(), password);
            tx.executeWithoutResult(status -> {
                var person = membership.accept(token);
                credentials.setPassword(person.id(), person.username(), password);
            });
        } catch (Refusal refusal) {
            model.addAttribute("invitation", invitation.get());
            model.addAttribute("organisation", membership.organisation(invitation.get().organisationId()).orElseThrow().name());
            model.addAttribute("errorField", refusal.field());
            model.addAttribute("error", refusal.getMessage());
            return "identity/invitation";
        }
        return "redirect:/sign-in?welcome";
    }
}
