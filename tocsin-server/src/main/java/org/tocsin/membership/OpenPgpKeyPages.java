package org.tocsin.membership;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tocsin.openpgp.OpenPgp;

/** The profile page where people give Tocsin their OpenPGP public key, and fetch Tocsin's. */
@Controller
class OpenPgpKeyPages {

    private final Membership membership;
    private final OpenPgpKeys keys;
    private final OpenPgp openPgp;

    OpenPgpKeyPages(Membership membership, OpenPgpKeys keys, OpenPgp openPgp) {
        this.membership = membership;
        this.keys = keys;
        this.openPgp = openPgp;
    }

    @GetMapping("/profile/openpgp")
    @PreAuthorize("hasAuthority('MEMBER')")
    String page(Authentication auth, Model model) {
        model.addAttribute("key", keys.of(caller(auth).id()).orElse(null));
        model.addAttribute("serviceFingerprint", openPgp.serviceFingerprint());
        return "membership/openpgp";
    }

    @PostMapping("/profile/openpgp")
    @PreAuthorize("hasAuthority('MEMBER')")
    String upload(@RequestParam(required = false) String key, Authentication auth, Model model,
            RedirectAttributes redirect) {
        try {
            var stored = keys.upload(caller(auth), key);
            redirect.addFlashAttribute("notice", "Key " + stored.fingerprint() + " saved: advisories that may travel "
                    + "by e-mail will now reach you encrypted to it");
            return "redirect:/profile/openpgp";
        } catch (Refusal refusal) {
            model.addAttribute("errorField", refusal.field());
            model.addAttribute("error", refusal.getMessage());
            model.addAttribute("pasted", key);
            return page(auth, model);
        }
    }

    @PostMapping("/profile/openpgp/removal")
    @PreAuthorize("hasAuthority('MEMBER')")
    String remove(Authentication auth, RedirectAttributes redirect) {
        if (keys.remove(caller(auth))) {
            redirect.addFlashAttribute("notice", "Key removed: e-mails will carry only the label and a link");
        }
        return "redirect:/profile/openpgp";
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
