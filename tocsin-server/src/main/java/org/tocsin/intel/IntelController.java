package org.tocsin.intel;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Refusal;
import org.tocsin.stix.pattern.Observable;

/**
 * Collections and exports for people (portal page {@code /intel}) and machines ({@code /api/v1/intel/...}).
 * Exports only read: nothing changes but an audit entry.
 */
@Controller
class IntelController {

    private final IntelStore store;
    private final Exports exports;
    private final Membership membership;

    IntelController(IntelStore store, Exports exports, Membership membership) {
        this.store = store;
        this.exports = exports;
        this.membership = membership;
    }

    record CollectionView(UUID id, String kind, String title, String description, boolean canRead, boolean canWrite) {}

    record Items<T>(List<T> items) {}

    @GetMapping("/api/v1/intel/collections")
    @ResponseBody
    @PreAuthorize("hasAuthority('MEMBER')")
    Items<CollectionView> collections(Authentication auth) {
        return new Items<>(store.collections(caller(auth)).stream()
                .map(c -> new CollectionView(c.id(), c.kind().name(), c.title(), c.description(), c.canRead(), c.canWrite()))
                .toList());
    }

    @GetMapping("/api/v1/intel/export")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> exportApi(@RequestParam(required = false) String format,
            @RequestParam(required = false) String collection, @RequestParam(required = false) String kind,
            Authentication auth) {
        return export(format, collection, kind, auth);
    }

    @GetMapping("/intel")
    @PreAuthorize("hasAuthority('MEMBER')")
    String page(Authentication auth, Model model) {
        model.addAttribute("collections", store.collections(caller(auth)));
        model.addAttribute("formats", Exports.Format.values());
        return "intel/collections";
    }

    @GetMapping("/intel/export")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> exportPage(@RequestParam(required = false) String format,
            @RequestParam(required = false) String collection, @RequestParam(required = false) String kind,
            Authentication auth) {
        return export(format, collection, kind, auth);
    }

    private ResponseEntity<String> export(String format, String collection, String kind, Authentication auth) {
        Exports.Format chosen;
        try {
            chosen = Exports.Format.of(format == null ? "stix" : format);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("format", e.getMessage());
        }
        UUID collectionId = null;
        if (collection != null && !collection.isBlank()) {
            try {
                collectionId = UUID.fromString(collection.strip());
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("collection", "Expected a collection id (a UUID)");
            }
        }
        Observable.Kind onlyKind = null;
        if (kind != null && !kind.isBlank()) {
            try {
                onlyKind = Observable.Kind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("kind", "Expected one of domain, ipv4, ipv6, url, email, md5, sha1, sha256");
            }
        }
        String body;
        try {
            body = exports.export(caller(auth), collectionId, chosen, onlyKind);
        } catch (IllegalArgumentException e) {
            throw Refusal.notFound("Collection");
        }
        var name = "tocsin-" + (collectionId == null ? "all" : collectionId.toString()) + "." + chosen.extension;
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, chosen.mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }

    private Person caller(Authentication auth) {
        return membership.activePerson(auth.getName()).orElseThrow(() -> Refusal.notFound("Person"));
    }
}
