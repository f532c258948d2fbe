package org.tocsin.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;

/**
 * Passkey pages and the JSON calls the browser makes during the WebAuthn ceremonies (from
 * {@code /js/passkeys.js}, with the page's CSRF token in a header).
 */
@Controller
class PasskeyController {

    private final Membership membership;
    private final Passkeys passkeys;
    private final Credentials credentials;
    private final FullSignIn signIn;

    PasskeyController(Membership membership, Passkeys passkeys, Credentials credentials, FullSignIn signIn) {
        this.membership = membership;
        this.passkeys = passkeys;
        this.credentials = credentials;
        this.signIn = signIn;
    }

    @GetMapping("/profile/passkeys")
    @PreAuthorize("hasAuthority('MEMBER')")
    String page(Authentication auth, Model model) {
        model.addAttribute("passkeys", passkeys.of(caller(auth)));
        return "identity/passkeys";
    }

    @PostMapping(value = "/profile/passkeys/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> registrationOptions(Authentication auth, HttpServletRequest request) {
        caller(auth);
        return ResponseEntity.ok(passkeys.registrationOptions(auth, request.getSession()));
    }

    @PostMapping(value = "/profile/passkeys", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> register(@RequestBody(required = false) String body, Authentication auth,
            HttpServletRequest request) {
        try {
            passkeys.register(caller(auth), request.getSession(), body == null ? "" : body);
            return ResponseEntity.ok("{\"success\":true}");
        } catch (Refusal refusal) {
            return ResponseEntity.badRequest().body("{\"success\":false}");
        }
    }

    @PostMapping("/profile/passkeys/{id}/removal")
    @PreAuthorize("hasAuthority('MEMBER')")
    String remove(@PathVariable String id, Authentication auth, RedirectAttributes redirect) {
        passkeys.remove(caller(auth), id);
        redirect.addFlashAttribute("notice", "The passkey has been removed");
        return "redirect:/profile/passkeys";
    }

    @PostMapping(value = "/sign-in/passkey/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    ResponseEntity<String> authenticationOptions(Authentication auth, HttpServletRequest request) {
        return ResponseEntity.ok(passkeys.authenticationOptions(auth, request.getSession()));
    }

    @PostMapping(value = "/sign-in/passkey", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    ResponseEntity<String> authenticate(@RequestBody(required = false) String body, Authentication auth,
            HttpServletRequest request, HttpServletResponse response) {
        var person = membership.activePerson(auth.getName()).orElse(null);
        if (person == null) {
            return ResponseEntity.status(401).body("{\"authenticated\":false,\"redirectUrl\":\"/sign-in?error\"}");
        }
        var stored = credentials.stored(person.id()).orElse(null);
        if (stored != null && !credentials.isLocked(stored)
                && passkeys.verify(person.username(), request.getSession(), body == null ? "" : body)) {
            signIn.complete(person, "passkey", request, response);
            return ResponseEntity.ok("{\"authenticated\":true,\"redirectUrl\":\"/\"}");
        }
        credentials.recordFailure(person.id(), person.username());
        if (credentials.stored(person.id()).map(credentials::isLocked).orElse(true)) {
            signIn.abandon(request, person, "account locked");
            return ResponseEntity.status(401).body("{\"authenticated\":false,\"redirectUrl\":\"/sign-in?error\"}");
        }
        signIn.abandon(request, person, "passkey not accepted");
        return ResponseEntity.status(401).body("{\"authenticated\":false,\"redirectUrl\":\"/sign-in?error\"}");
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
