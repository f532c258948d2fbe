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
    private final tools.jackson.databind.ObjectMapper json;

    IntelController(IntelStore store, Exports exports, Membership membership, tools.jackson.databind.ObjectMapper json) {
        this.store = store;
        this.exports = exports;
        this.membership = membership;
        this.json = json;
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

    @GetMapping("/intel/collections/{id}")
    @PreAuthorize("hasAuthority('MEMBER')")
    String browse(@org.springframework.web.bind.annotation.PathVariable UUID id, @RequestParam(required = false) String q,
            Authentication auth, Model model) {
        var person = caller(auth);
        var collection = store.collection(person, id).filter(IntelCollection::canRead)
                .orElseThrow(() -> Refusal.notFound("Collection"));
        if (q != null && q.length() > 200) {
            throw Refusal.invalid("q", "Search for at most 200 characters");
        }
        model.addAttribute("collection", collection);
        model.addAttribute("q", q);
        model.addAttribute("objects", store.search(person, collection, q, 200).stream().map(this::summary).toList());
        return "intel/collection";
    }

    @GetMapping("/intel/collections/{id}/objects/{objectId}")
    @PreAuthorize("hasAuthority('MEMBER')")
    String object(@org.springframework.web.bind.annotation.PathVariable UUID id,
            @org.springframework.web.bind.annotation.PathVariable String objectId, Authentication auth, Model model) {
        var person = caller(auth);
        var collection = store.collection(person, id).filter(IntelCollection::canRead)
                .orElseThrow(() -> Refusal.notFound("Collection"));
        var versions = store.objects(person, collection, new ObjectQuery(null, List.of(objectId), List.of(), List.of("all"),
                List.of(), ObjectQuery.MAX_LIMIT, 0)).objects();
        if (versions.isEmpty()) {
            throw Refusal.notFound("Object");
        }
        var latest = versions.get(versions.size() - 1);
        model.addAttribute("collection", collection);
        model.addAttribute("object", summary(latest));
        model.addAttribute("pretty", json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(latest.json())));
        model.addAttribute("versions", versions.stream().map(StoredObject::version).toList());
        model.addAttribute("related", store.referring(person, collection, objectId).stream().map(this::summary).toList());
        return "intel/object";
    }

    /** An object as a line of a list: type, a name to show, id, label, version. */
    record Summary(String id, String type, String name, String tlp, String version) {}

    private Summary summary(StoredObject o) {
        var node = json.readTree(o.json());
        var name = node.path("name").asString(node.path("pattern").asString(node.path("value").asString(
                node.path("relationship_type").asString(""))));
        if ("relationship".equals(o.type())) {
            name = node.path("source_ref").asString() + " " + node.path("relationship_type").asString() + " " + node.path("target_ref").asString();
        }
        return new Summary(o.id(), o.type(), name, o.tlp(), o.version());
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
