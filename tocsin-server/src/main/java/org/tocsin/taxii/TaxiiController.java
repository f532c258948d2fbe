package org.tocsin.taxii;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.intel.Attribution;
import org.tocsin.intel.EncodedPage;
import org.tocsin.intel.IngestResult;
import org.tocsin.intel.IntelCollection;
import org.tocsin.intel.IntelStore;
import org.tocsin.intel.ObjectPage;
import org.tocsin.intel.StoredObject;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.RequestPerson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * TAXII 2.1 endpoints under {@code /taxii2/}. Every answer has the TAXII media type; errors are
 * TAXII error messages; a collection, object or status the caller may not see is 404.
 */
@RestController
class TaxiiController {

    static final String TAXII = "application/taxii+json;version=2.1";
    static final String STIX = "application/stix+json;version=2.1";
    static final String ROOT = "/taxii2/tocsin/";
    static final int MAX_CONTENT = 10 * 1024 * 1024;
    /** A submitter's consent to be named: none (the default), authority or everyone. */
    static final String ATTRIBUTION = "X-Tocsin-Attribution";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final IntelStore store;
    private final Membership membership;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    /** Reads a collection's access and a page of it in one read-only transaction. */
    private final TransactionTemplate reading;
    /** Reads envelopes with explicit bounds: hostile nesting or sizes fail fast with a clear message. */
    private final ObjectMapper envelopeReader = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1_000_000)
                    .maxDocumentLength(MAX_CONTENT).maxNumberLength(100).build())
            .build()).build();

    TaxiiController(IntelStore store, Membership membership, JdbcClient jdbc, ObjectMapper json, Clock clock,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
        this.membership = membership;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** A TAXII error message with its HTTP status. */
    static final class TaxiiError extends RuntimeException {
        final int status;

        TaxiiError(int status, String title, String description) {
            super(title + ": " + description, null, false, false);
            this.status = status;
            this.title = title;
            this.description = description;
        }

        final String title;
        final String description;
    }

    @ExceptionHandler(TaxiiError.class)
    ResponseEntity<String> error(TaxiiError error) {
        var body = new LinkedHashMap<String, Object>();
        body.put("title", error.title);
        body.put("description", error.description);
        body.put("http_status", Integer.toString(error.status));
        return ResponseEntity.status(error.status).header(HttpHeaders.CONTENT_TYPE, TAXII)
                .body(json.writeValueAsString(body));
    }

    @GetMapping("/taxii2/")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> discovery(HttpServletRequest request) {
        accept(request);
        return ok(Map.of("title", "Tocsin TAXII server",
                "description", "Indicators and intelligence for the vetted members of critical national infrastructure",
                "default", ROOT, "api_roots", List.of(ROOT)));
    }

    @GetMapping(ROOT)
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> apiRoot(HttpServletRequest request) {
        accept(request);
        return ok(Map.of("title", "Tocsin", "versions", List.of(TAXII), "max_content_length", MAX_CONTENT));
    }

    @GetMapping(ROOT + "collections/")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> collections(HttpServletRequest request, Authentication auth) {
        accept(request);
        return ok(Map.of("collections", store.collections(caller(request, auth)).stream().map(TaxiiController::describe).toList()));
    }

    @GetMapping(ROOT + "collections/{id}/")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> collection(@PathVariable String id, HttpServletRequest request, Authentication auth) {
        accept(request);
        return ok(describe(collection(caller(request, auth), id)));
    }

    @GetMapping(ROOT + "collections/{id}/objects/")
    @PreAuthorize("hasAuthority('MEMBER')")
    void objects(@PathVariable String id, @RequestParam Map<String, String> params, HttpServletRequest request,
            HttpServletResponse response, Authentication auth) throws IOException {
        accept(request);
        var person = caller(request, auth);
        var query = TaxiiFilters.query(params, List.of());
        var collection = readable(person, id);
        var page = inTurn(() -> reading.execute(s -> store.encodedObjects(person, collection, query)));
        sendEnvelope(page, response);
    }

    @GetMapping(ROOT + "collections/{id}/objects/{objectId}/")
    @PreAuthorize("hasAuthority('MEMBER')")
    void object(@PathVariable String id, @PathVariable String objectId, @RequestParam Map<String, String> params,
            HttpServletRequest request, HttpServletResponse response, Authentication auth) throws IOException {
        accept(request);
        var person = caller(request, auth);
        var page = reading.execute(s -> store.encodedObjects(person, readable(person, id),
                TaxiiFilters.query(params, List.of(objectId))));
        if (page.objects().isEmpty()) {
            throw new TaxiiError(404, "Not found", "There is no object " + objectId + " in this collection for you");
        }
        sendEnvelope(page, response);
    }

    @GetMapping(ROOT + "collections/{id}/objects/{objectId}/versions/")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> versions(@PathVariable String id, @PathVariable String objectId,
            @RequestParam Map<String, String> params, HttpServletRequest request, Authentication auth) {
        accept(request);
        var person = caller(request, auth);
        var collection = readable(person, id);
        var all = new LinkedHashMap<>(params);
        all.put("match[version]", "all");
        var page = store.objects(person, collection, TaxiiFilters.query(all, List.of(objectId)));
        if (page.objects().isEmpty()) {
            throw new TaxiiError(404, "Not found", "There is no object " + objectId + " in this collection for you");
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("more", page.more());
        body.put("versions", page.objects().stream().map(StoredObject::version).toList());
        return withDateHeaders(ok(body), page);
    }

    @GetMapping(ROOT + "collections/{id}/manifest/")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> manifest(@PathVariable String id, @RequestParam Map<String, String> params,
            HttpServletRequest request, Authentication auth) {
        accept(request);
        var person = caller(request, auth);
        var page = store.objects(person, readable(person, id), TaxiiFilters.query(params, List.of()));
        var body = new LinkedHashMap<String, Object>();
        body.put("more", page.more());
        if (page.next() != null) {
            body.put("next", page.next());
        }
        body.put("objects", page.objects().stream().map(o -> Map.of("id", o.id(), "date_added", stamp(o.dateAdded()),
                "version", o.version(), "media_type", STIX)).toList());
        return withDateHeaders(ok(body), page);
    }

    @PostMapping(ROOT + "collections/{id}/objects/")
    @PreAuthorize("hasAuthority('MEMBER') and !hasAuthority('READ_ONLY')")
    ResponseEntity<String> add(@PathVariable String id, HttpServletRequest request, Authentication auth) throws IOException {
        accept(request);
        var contentType = request.getContentType();
        if (contentType == null || !isTaxii(contentType)) {
            throw new TaxiiError(415, "Unsupported media type", "Send the envelope as " + TAXII);
        }
        var person = caller(request, auth);
        var collection = collection(person, id);
        if (!collection.canWrite()) {
            throw new TaxiiError(403, "Forbidden", "You may read this collection but not add to it");
        }
        if (request.getContentLengthLong() > MAX_CONTENT) {
            throw new TaxiiError(413, "Too large", "An envelope may be at most " + MAX_CONTENT + " bytes");
        }
        var objects = readEnvelope(request.getInputStream());
        var result = collection.kind() == IntelCollection.Kind.SUBMISSIONS
                ? store.add(person, collection, objects, attribution(request.getHeader(ATTRIBUTION)))
                : store.add(person, collection, objects);
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.CONTENT_TYPE, TAXII)
                .body(saveStatus(person, collection, result));
    }

    @DeleteMapping(ROOT + "collections/{id}/objects/{objectId}/")
    @PreAuthorize("hasAuthority('MEMBER') and !hasAuthority('READ_ONLY')")
    ResponseEntity<String> delete(@PathVariable String id, @PathVariable String objectId,
            @RequestParam(name = "match[version]", required = false) String versions, HttpServletRequest request,
            Authentication auth) {
        accept(request);
        var person = caller(request, auth);
        var collection = collection(person, id);
        if (!collection.canWrite()) {
            throw new TaxiiError(403, "Forbidden", "You may read this collection but not delete from it");
        }
        int removed = store.delete(person, collection, objectId, TaxiiFilters.list(versions));
        if (removed == 0) {
            throw new TaxiiError(404, "Not found", "There is no object " + objectId + " in this collection for you");
        }
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, TAXII).build();
    }

    @GetMapping(ROOT + "status/{statusId}/")
    @PreAuthorize("hasAuthority('MEMBER')")
    ResponseEntity<String> status(@PathVariable String statusId, HttpServletRequest request, Authentication auth) {
        accept(request);
        var person = caller(request, auth);
        UUID key;
        try {
            key = UUID.fromString(statusId);
        } catch (IllegalArgumentException e) {
            throw new TaxiiError(404, "Not found", "There is no such status");
        }
        var body = jdbc.sql("SELECT body FROM taxii_status WHERE id = :id AND requested_by = :person")
                .param("id", key).param("person", person.id()).query(String.class).optional()
                .orElseThrow(() -> new TaxiiError(404, "Not found", "There is no such status"));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, TAXII).body(body);
    }

    // ----- helpers -----

    private List<JsonNode> readEnvelope(InputStream in) throws IOException {
        JsonNode envelope;
        try (var limited = in) {
            var bytes = limited.readNBytes(MAX_CONTENT + 1);
            if (bytes.length > MAX_CONTENT) {
                throw new TaxiiError(413, "Too large", "An envelope may be at most " + MAX_CONTENT + " bytes");
            }
            envelope = envelopeReader.readTree(bytes);
        } catch (JacksonException e) {
            var where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new TaxiiError(400, "Bad request", "The envelope is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("objects").isArray()) {
            throw new TaxiiError(400, "Bad request", "Send an envelope: {\"objects\": [ ...STIX objects... ]}");
        }
        var objects = new ArrayList<JsonNode>();
        envelope.path("objects").forEach(objects::add);
        if (objects.isEmpty()) {
            throw new TaxiiError(400, "Bad request", "The envelope's 'objects' list is empty");
        }
        return objects;
    }

    private String saveStatus(Person person, IntelCollection collection, IngestResult result) {
        var id = UUID.randomUUID();
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var body = new LinkedHashMap<String, Object>();
        body.put("id", id.toString());
        body.put("status", "complete");
        body.put("request_timestamp", stamp(now));
        body.put("total_count", result.total());
        body.put("success_count", result.successes().size());
        body.put("successes", result.successes().stream().map(TaxiiController::item).toList());
        body.put("failure_count", result.failures().size());
        body.put("failures", result.failures().stream().map(TaxiiController::item).toList());
        body.put("pending_count", 0);
        body.put("pendings", List.of());
        var text = json.writeValueAsString(body);
        jdbc.sql("""
                INSERT INTO taxii_status (id, collection_id, requested_by, request_timestamp, total_count, success_count,
                                          failure_count, body)
                VALUES (:id, :collection, :person, :now, :total, :successes, :failures, :body)""")
                .param("id", id).param("collection", collection.id()).param("person", person.id()).param("now", now)
                .param("total", result.total()).param("successes", result.successes().size())
                .param("failures", result.failures().size()).param("body", text).update();
        return text;
    }

    private static Map<String, Object> item(IngestResult.Item item) {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", item.id());
        map.put("version", item.version());
        if (item.message() != null) {
            map.put("message", item.message());
        }
        return map;
    }

    /**
     * Writes an envelope straight to the response, each object exactly as stored (so every reader
     * gets the same bytes): the stored bytes are copied out as they are, never parsed, nor decoded
     * into text and encoded again. Its length is known before it is written, so
     * it is sent with a Content-Length, and through the server's own response buffer (enlarged, and
     * kept by the server from one request to the next) rather than a buffer of its own per request.
     */
    private void sendEnvelope(EncodedPage page, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(TAXII);
        if (!page.objects().isEmpty()) {
            response.setHeader("X-TAXII-Date-Added-First", stamp(page.firstAdded()));
            response.setHeader("X-TAXII-Date-Added-Last", stamp(page.lastAdded()));
        }
        var objects = page.objects();
        byte[] next = page.next() == null ? null : json.writeValueAsBytes(page.next());
        long length = (page.more() ? MORE : NO_MORE).length + OBJECTS.length + END.length
                + (next == null ? 0 : NEXT.length + next.length) + Math.max(0, objects.size() - 1);
        for (var object : objects) {
            length += object.length;
        }
        response.setContentLengthLong(length);
        response.setBufferSize(RESPONSE_BUFFER);
        var body = response.getOutputStream();
        body.write(page.more() ? MORE : NO_MORE);
        if (next != null) {
            body.write(NEXT);
            body.write(next);
        }
        body.write(OBJECTS);
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.write(objects.get(i));
        }
        body.write(END);
        body.flush();
    }

    /**
     * Pages read at once: as many as there are processors. A page is work for a processor from
     * start to end (its rows, then their bytes); more at once only share the processors, each
     * finishing later and less predictably, with more database sessions competing. Those beyond
     * wait their turn, in the order they came.
     */
    private final java.util.concurrent.Semaphore pageTurns =
            new java.util.concurrent.Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private <T> T inTurn(java.util.function.Supplier<T> read) {
        pageTurns.acquireUninterruptibly();
        try {
            return read.get();
        } finally {
            pageTurns.release();
        }
    }

    /** Large enough for a page of small objects in a few writes; under Tomcat's limit for keeping it (16 x 8 KiB). */
    private static final int RESPONSE_BUFFER = 1 << 16;
    private static final byte[] NEXT = ",\"next\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MORE = "{\"more\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_MORE = "{\"more\":false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OBJECTS = ",\"objects\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);

    private static <T> ResponseEntity<T> withDateHeaders(ResponseEntity<T> response, ObjectPage page) {
        if (page.objects().isEmpty()) {
            return response;
        }
        var headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        headers.set("X-TAXII-Date-Added-First", stamp(page.objects().get(0).dateAdded()));
        headers.set("X-TAXII-Date-Added-Last", stamp(page.objects().get(page.objects().size() - 1).dateAdded()));
        return new ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }

    private ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, TAXII).body(json.writeValueAsString(body));
    }

    private static Map<String, Object> describe(IntelCollection c) {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", c.id().toString());
        map.put("title", c.title());
        map.put("description", c.description());
        map.put("can_read", c.canRead());
        map.put("can_write", c.canWrite());
        map.put("media_types", List.of(STIX));
        return map;
    }

    private IntelCollection collection(Person person, String id) {
        UUID key;
        try {
            key = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new TaxiiError(404, "Not found", "There is no such collection");
        }
        return store.collection(person, key)
                .orElseThrow(() -> new TaxiiError(404, "Not found", "There is no such collection"));
    }

    private IntelCollection readable(Person person, String id) {
        var collection = collection(person, id);
        if (!collection.canRead()) {
            throw new TaxiiError(403, "Forbidden", "You may add to this collection but not read it");
        }
        return collection;
    }

    /** The caller, as the liveness check loaded them for this request (else loaded now): active, or 401. */
    private Person caller(HttpServletRequest request, Authentication auth) {
        return RequestPerson.of(request, auth.getName()).or(() -> membership.activePerson(auth.getName()))
                .orElseThrow(() -> new TaxiiError(401, "Unauthorized", "Your account is not active"));
    }

    /** 406 unless the client accepts the TAXII 2.1 media type (or anything). */
    private static void accept(HttpServletRequest request) {
        var accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (var part : accept.split(",")) {
            var type = part.strip().toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("*/*") || isTaxii(type)) {
                return;
            }
        }
        throw new TaxiiError(406, "Not acceptable", "This server answers in " + TAXII);
    }

    private static boolean isTaxii(String mediaType) {
        var parts = mediaType.toLowerCase(java.util.Locale.ROOT).replace(" ", "").split(";");
        if (!parts[0].equals("application/taxii+json")) {
            return false;
        }
        return Arrays.stream(parts).skip(1).filter(p -> p.startsWith("version=")).allMatch(p -> p.equals("version=2.1"));
    }

    private static Attribution attribution(String header) {
        if (header == null || header.isBlank()) {
            return Attribution.NONE;
        }
        try {
            return Attribution.valueOf(header.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TaxiiError(400, "Bad request", ATTRIBUTION + " must be none, authority or everyone");
        }
    }

    private static String stamp(OffsetDateTime time) {
        return STAMP.format(time);
    }
}
