package org.tocsin.openpgp;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's public OpenPGP key, for members to verify Tocsin's mail with: over the API, and as
 * a download in the portal. It is a public key, but like everything else here it is shown to
 * signed-in members only.
 */
@RestController
class ServiceKeyController {

    static final MediaType PGP_KEYS = MediaType.parseMediaType("application/pgp-keys");

    private final OpenPgp openPgp;

    ServiceKeyController(OpenPgp openPgp) {
        this.openPgp = openPgp;
    }

    @GetMapping({"/api/v1/openpgp/service-key", "/openpgp/service-key.asc"})
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> serviceKey() {
        return ResponseEntity.ok().contentType(PGP_KEYS)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("tocsin-" + openPgp.serviceFingerprint().substring(24) + ".asc").build().toString())
                .header("X-OpenPGP-Fingerprint", openPgp.serviceFingerprint())
                .body(openPgp.servicePublicKey());
    }
}
