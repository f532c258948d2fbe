package org.tocsin.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumMap;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;

/**
 * The sign-in pages: the password form (processed by Spring Security), then either the one-time
 * code or, at first sign-in, enrolment of an authenticator app with a QR code and recovery codes.
 * Only when the second factor succeeds does the person get a session with their roles, under a
 * new session id.
 */
@Controller
class SignInController {

    private final Membership membership;
    private final Credentials credentials;
    private final AuditTrail audit;
    private final IdentitySettings settings;
    private final FullSignIn signIn;
    private final Passkeys passkeys;

    SignInController(Membership membership, Credentials credentials, AuditTrail audit, IdentitySettings settings,
            FullSignIn signIn, Passkeys passkeys) {
        this.membership = membership;
        this.credentials = credentials;
        this.audit = audit;
        this.settings = settings;
        this.signIn = signIn;
        this.passkeys = passkeys;
    }

    @GetMapping("/sign-in")
    @PermitAll
    String signIn(@RequestParam(required = false) String error, Model model) {
        if (error != null) {
            model.addAttribute("error", PasswordStep.REFUSED);
            model.addAttribute("errorField", "username");
        }
        return "identity/sign-in";
    }

    @GetMapping("/sign-in/code")
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    String codeForm(Authentication auth, Model model) {
        model.addAttribute("passkeys", membership.personByUsername(auth.getName()).map(p -> !passkeys.of(p).isEmpty()).orElse(false));
        return "identity/code";
    }

    @PostMapping("/sign-in/code")
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    String code(@RequestParam(required = false) String code, Authentication auth, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        var person = membership.activePerson(auth.getName()).orElse(null);
        var stored = person == null ? null : credentials.stored(person.id()).orElse(null);
        if (person == null || stored == null || !stored.totpEnrolled()) {
            return "redirect:/sign-in";
        }
        if (credentials.isLocked(stored)) {
            return endPending(request, person, "account locked");
        }
        if (code == null || code.isBlank()) {
            model.addAttribute("error", "Enter the 6-digit code from your authenticator app, or a recovery code");
            return codeForm(auth, model);
        }
        if (!credentials.verifySecondFactor(person.id(), person.username(), code)) {
            credentials.recordFailure(person.id(), person.username());
            audit.record(person.username(), "sign-in.second-factor", "person:" + person.username(), Outcome.FAILURE,
                    "wrong or already used code");
            if (credentials.stored(person.id()).map(credentials::isLocked).orElse(true)) {
                return endPending(request, person, "account locked");
            }
            model.addAttribute("error", "The code is not right, or has been used already. Wait for a new code and try again");
            return codeForm(auth, model);
        }
        completeSignIn(person, request, response);
        return "redirect:/";
    }

    @GetMapping("/sign-in/enrol")
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    String enrolForm(Authentication auth, Model model) {
        var person = membership.activePerson(auth.getName()).orElse(null);
        if (person == null) {
            return "redirect:/sign-in";
        }
        if (credentials.stored(person.id()).map(Credentials.Stored::totpEnrolled).orElse(false)) {
            return "redirect:/sign-in/code";
        }
        var secret = credentials.pendingSecret(person.id()).orElseGet(() -> credentials.beginTotpEnrolment(person.id()));
        model.addAttribute("secret", secret.replaceAll("(.{4})", "$1 ").strip());
        model.addAttribute("account", person.username());
        return "identity/enrol";
    }

    @GetMapping(value = "/sign-in/enrol/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    ResponseEntity<byte[]> enrolQr(Authentication auth) throws IOException {
        var person = membership.activePerson(auth.getName()).orElse(null);
        var secret = person == null ? null : credentials.pendingSecret(person.id()).orElse(null);
        if (secret == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_PNG)
                .body(qrPng(Totp.otpauthUri(settings.issuer(), person.username(), secret)));
    }

    @PostMapping("/sign-in/enrol")
    @PreAuthorize("hasAuthority('FACTOR_PASSWORD')")
    String enrol(@RequestParam(required = false) String code, Authentication auth, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        var person = membership.activePerson(auth.getName()).orElse(null);
        if (person == null) {
            return "redirect:/sign-in";
        }
        var codes = credentials.confirmTotpEnrolment(person.id(), person.username(), code);
        if (codes.isEmpty()) {
            credentials.recordFailure(person.id(), person.username());
            if (credentials.stored(person.id()).map(credentials::isLocked).orElse(true)) {
                return endPending(request, person, "account locked");
            }
            model.addAttribute("error", "Enter the 6-digit code your authenticator app shows for Tocsin");
            return enrolForm(auth, model);
        }
        completeSignIn(person, request, response);
        model.addAttribute("codes", codes.get());
        return "identity/recovery-codes";
    }

    private void completeSignIn(Person person, HttpServletRequest request, HttpServletResponse response) {
        signIn.complete(person, "authenticator code", request, response);
    }

    private String endPending(HttpServletRequest request, Person person, String why) {
        signIn.abandon(request, person, why);
        return "redirect:/sign-in?error";
    }

    static byte[] qrPng(String text) throws IOException {
        try {
            var hints = new EnumMap<EncodeHintType, Object>(EncodeHintType.class);
            hints.put(EncodeHintType.MARGIN, 2);
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 240, 240, hints);
            var image = new java.awt.image.BufferedImage(matrix.getWidth(), matrix.getHeight(),
                    java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            var out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IOException("QR code could not be drawn", e);
        }
    }
}
