package org.tocsin.membership;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own OpenPGP public key over JSON. {@code PUT} takes {@code {"key": "-----BEGIN PGP
 * PUBLIC KEY BLOCK-----…"}} or the armoured key itself as {@code application/pgp-keys} or
 * {@code text/plain}.
 */
@RestController
@RequestMapping("/api/v1/profile/openpgp-key")
class OpenPgpKeyApi {

    private final Membership membership;
    private final OpenPgpKeys keys;

    OpenPgpKeyApi(Membership membership, OpenPgpKeys keys) {
        this.membership = membership;
        this.keys = keys;
    }

    record Upload(String key) {}

    record KeyView(String fingerprint, List<String> userIds, String algorithm, OffsetDateTime expiresAt,
            OffsetDateTime uploadedAt) {

        static KeyView of(OpenPgpKeys.Key k) {
            return new KeyView(k.fingerprint(), k.userIds(), k.algorithm(), k.expiresAt(), k.uploadedAt());
        }
    }

    @GetMapping
    @PreAuthorize("hasAuthority('MEMBER')")
    KeyView key(Authentication auth) {
        return keys.of(caller(auth).id()).map(KeyView::of).orElseThrow(() -> Refusal.notFound("OpenPGP key"));
    }

    @PutMapping(consumes = "application/json")
    @PreAuthorize("hasAuthority('MEMBER')")
    KeyView upload(@RequestBody Upload upload, Authentication auth) {
        return KeyView.of(keys.upload(caller(auth), upload == null ? null : upload.key()));
    }

    @PutMapping(consumes = {"application/pgp-keys", "text/plain"})
    @PreAuthorize("hasAuthority('MEMBER')")
    KeyView uploadArmoured(@RequestBody String armoured, Authentication auth) {
        return KeyView.of(keys.upload(caller(auth), armoured));
    }

    @DeleteMapping
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<Void> remove(Authentication auth) {
        if (!keys.remove(caller(auth))) {
            throw Refusal.notFound("OpenPGP key");
        }
        return ResponseEntity.noContent().build();
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
