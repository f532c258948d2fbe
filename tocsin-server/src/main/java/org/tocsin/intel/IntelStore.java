package org.tocsin.intel;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;
import org.tocsin.stix.StixObject;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.Validation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The STIX object store and its collections. Every read and write is made on behalf of a person
 * and checked here: a collection the person may not see is "not found"; what they may read is
 * filtered by TLP in the query itself, so no path can forget it.
 */
@Service
public class IntelStore {

    private static final DateTimeFormatter VERSION_KEY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String NOT_STORED = "not stored: another object in the envelope was refused, and an envelope is stored whole or not at all";

    private final JdbcClient jdbc;
    private final Membership membership;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;

    IntelStore(JdbcClient jdbc, Membership membership, AuditTrail audit, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.membership = membership;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ----- collections -----

    /** Every collection the person may read or write, with what they may do in each. */
    @Transactional(readOnly = true)
    public List<IntelCollection> collections(Person person) {
        var organisation = membership.organisation(person.organisationId()).orElseThrow();
        var result = new ArrayList<IntelCollection>();
        for (var row : jdbc.sql("SELECT id, kind, sector_slug, title, description FROM intel_collection ORDER BY kind, title")
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), IntelCollection.Kind.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5))).list()) {
            boolean staff = organisation.authority();
            boolean publisher = staff && (person.hasRole(Role.AUTHOR) || person.hasRole(Role.ADMIN));
            boolean read = switch (row.kind()) {
                case ALL_MEMBERS -> true;
                case SECTOR -> staff || organisation.sectors().contains(row.sector());
                case SUBMISSIONS -> staff;
                case ORGANISATION -> false;
            };
            boolean write = switch (row.kind()) {
                case ALL_MEMBERS, SECTOR -> publisher;
                case SUBMISSIONS -> !staff && (person.hasRole(Role.SECURITY_LEAD) || person.hasRole(Role.ANALYST))
                        || publisher;
                case ORGANISATION -> false;
            };
            if (read || write) {
                result.add(new IntelCollection(row.id(), row.kind(), row.sector(), null, row.title(), row.description(),
                        read, write));
            }
        }
        result.add(new IntelCollection(organisation.id(), IntelCollection.Kind.ORGANISATION, null, organisation.id(),
                organisation.name() + " (private)", "Your organisation's own collection: nobody else can read it",
                true, person.hasRole(Role.SECURITY_LEAD) || person.hasRole(Role.ANALYST) || person.hasRole(Role.AUTHOR)
                        || person.hasRole(Role.ADMIN)));
        return result;
    }

    /** One collection as the person sees it, or empty if they may not see it (never "forbidden"). */
    @Transactional(readOnly = true)
    public Optional<IntelCollection> collection(Person person, UUID id) {
        return collections(person).stream().filter(c -> c.id().equals(id)).findFirst();
    }

    // ----- reading -----

    /** A page of object versions matching the query, in the order they were added, as the person may see them. */
    @Transactional(readOnly = true)
    public ObjectPage objects(Person person, IntelCollection collection, ObjectQuery query) {
        if (!collection.canRead()) {
            return new ObjectPage(List.of(), false, null);
        }
        var sql = new StringBuilder("""
                SELECT seq, object_id, object_type, version, spec_version, tlp, date_added, body FROM stix_object s
                WHERE collection_id = :collection AND seq > :after AND tlp <> 'TLP:RED'
                  AND (tlp <> 'TLP:AMBER+STRICT' OR owner_organisation = :organisation)""");
        var statement = new java.util.LinkedHashMap<String, Object>();
        statement.put("collection", collection.id());
        statement.put("after", query.after());
        statement.put("organisation", person.organisationId());
        if (query.addedAfter() != null) {
            sql.append(" AND date_added > :addedAfter");
            statement.put("addedAfter", query.addedAfter());
        }
        if (!query.ids().isEmpty()) {
            sql.append(" AND object_id IN (:ids)");
            statement.put("ids", query.ids());
        }
        if (!query.types().isEmpty()) {
            sql.append(" AND object_type IN (:types)");
            statement.put("types", query.types());
        }
        if (!query.specVersions().isEmpty()) {
            sql.append(" AND spec_version IN (:specs)");
            statement.put("specs", query.specVersions());
        }
        var versionClauses = new ArrayList<String>();
        var stamps = new ArrayList<String>();
        for (var version : query.versions().isEmpty() ? List.of("last") : query.versions()) {
            switch (version) {
                case "all" -> versionClauses.add("1 = 1");
                case "last" -> versionClauses.add("""
                        version = (SELECT MAX(o.version) FROM stix_object o WHERE o.collection_id = s.collection_id
                                   AND o.object_id = s.object_id)""");
                case "first" -> versionClauses.add("""
                        version = (SELECT MIN(o.version) FROM stix_object o WHERE o.collection_id = s.collection_id
                                   AND o.object_id = s.object_id)""");
                default -> stamps.add(versionKey(version).orElseThrow(
                        () -> new IllegalArgumentException("match[version]: '" + version + "' is not last, first, all or a timestamp")));
            }
        }
        if (!stamps.isEmpty()) {
            versionClauses.add("version IN (:stamps)");
            statement.put("stamps", stamps);
        }
        sql.append(" AND (").append(String.join(" OR ", versionClauses)).append(")");
        sql.append(" ORDER BY seq FETCH FIRST :limit ROWS ONLY");
        statement.put("limit", query.limit() + 1);
        var spec = jdbc.sql(sql.toString());
        for (var entry : statement.entrySet()) {
            spec = spec.param(entry.getKey(), entry.getValue());
        }
        var rows = spec.query((rs, n) -> new StoredObject(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8))).list();
        boolean more = rows.size() > query.limit();
        var page = more ? rows.subList(0, query.limit()) : rows;
        var served = page.stream().map(this::withOwnVersion).toList();
        return new ObjectPage(served, more, more ? Long.toString(page.get(page.size() - 1).seq()) : null);
    }

    /**
     * The latest version of each object in a collection whose text contains {@code search}
     * (case-insensitive), newest first, at most {@code limit}: for people browsing in the portal.
     */
    @Transactional(readOnly = true)
    public List<StoredObject> search(Person person, IntelCollection collection, String search, int limit) {
        if (!collection.canRead()) {
            return List.of();
        }
        var needle = search == null ? "" : search.strip().toLowerCase(java.util.Locale.ROOT);
        var like = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                SELECT seq, object_id, object_type, version, spec_version, tlp, date_added, body FROM stix_object s
                WHERE collection_id = :collection AND tlp <> 'TLP:RED'
                  AND (tlp <> 'TLP:AMBER+STRICT' OR owner_organisation = :organisation)
                  AND version = (SELECT MAX(o.version) FROM stix_object o WHERE o.collection_id = s.collection_id
                                 AND o.object_id = s.object_id)
                  AND LOWER(body) LIKE :like ESCAPE '\\'
                ORDER BY seq DESC FETCH FIRST :limit ROWS ONLY""")
                .param("collection", collection.id()).param("organisation", person.organisationId())
                .param("like", like).param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new StoredObject(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8)))
                .list().stream().map(this::withOwnVersion).toList();
    }

    /** The relationships and sightings in a collection that refer to an object, latest versions, as the person may see them. */
    @Transactional(readOnly = true)
    public List<StoredObject> referring(Person person, IntelCollection collection, String objectId) {
        return search(person, collection, "\"" + objectId + "\"", 500).stream()
                .filter(o -> o.type().equals("relationship") || o.type().equals("sighting"))
                .filter(o -> !o.id().equals(objectId)).toList();
    }

    // ----- writing -----

    /**
     * Adds an envelope of objects to a collection on behalf of the person: all of them or none.
     * Each object must be valid STIX 2.1 and carry a TLP marking the collection may hold. Adding an
     * object version that is already there changes nothing and counts as a success.
     */
    @Transactional
    public IngestResult add(Person person, IntelCollection collection, List<JsonNode> objects) {
        return add(person, collection, objects, collection.kind() == IntelCollection.Kind.SUBMISSIONS
                ? Attribution.NONE : Attribution.EVERYONE);
    }

    /** Adds an envelope, recording who may learn the submitter (for the submissions collection). */
    @Transactional
    public IngestResult add(Person person, IntelCollection collection, List<JsonNode> objects, Attribution attribution) {
        if (!collection.canWrite()) {
            throw new IllegalStateException("the caller may not write to this collection");
        }
        var checked = new ArrayList<Checked>();
        var failures = new ArrayList<IngestResult.Item>();
        for (int i = 0; i < objects.size(); i++) {
            var object = objects.get(i);
            var problem = problemWith(object, collection);
            var id = object.path("id").isString() ? object.path("id").asString() : "objects[" + i + "]";
            var version = ownVersion(object, null);
            if (problem != null) {
                failures.add(new IngestResult.Item(id, version, problem));
            } else {
                checked.add(new Checked(id, object.path("type").asString(), version, versionKey(version).orElseThrow(),
                        object.path("spec_version").asString("2.1"), tlpOf(object, collection).label(), object));
            }
        }
        if (!failures.isEmpty()) {
            for (var c : checked) {
                failures.add(new IngestResult.Item(c.id(), c.version(), NOT_STORED));
            }
            audit.record(person.username(), "intel.refused", "collection:" + collection.id(), Outcome.FAILURE,
                    failures.size() + " of " + objects.size() + " objects refused; first: " + failures.get(0).message());
            return new IngestResult(objects.size(), List.of(), failures);
        }
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var seen = new HashSet<String>();
        var successes = new ArrayList<IngestResult.Item>();
        int added = 0;
        for (var c : checked) {
            successes.add(new IngestResult.Item(c.id(), c.version(), null));
            if (!seen.add(c.id() + "|" + c.versionKey())) {
                continue;
            }
            int existing = jdbc.sql("""
                    SELECT COUNT(*) FROM stix_object WHERE collection_id = :collection AND object_id = :id AND version = :version""")
                    .param("collection", collection.id()).param("id", c.id()).param("version", c.versionKey())
                    .query(Integer.class).single();
            if (existing > 0) {
                continue;
            }
            jdbc.sql("""
                    INSERT INTO stix_object (collection_id, object_id, object_type, version, spec_version, tlp,
                                             owner_organisation, submitted_by, date_added, attribution, body)
                    VALUES (:collection, :id, :type, :version, :spec, :tlp, :owner, :by, :now, :attribution, :body)""")
                    .param("attribution", attribution.name())
                    .param("collection", collection.id()).param("id", c.id()).param("type", c.type())
                    .param("version", c.versionKey()).param("spec", c.specVersion()).param("tlp", c.tlp())
                    .param("owner", person.organisationId()).param("by", person.id()).param("now", now)
                    .param("body", json.writeValueAsString(c.object())).update();
            index(collection.id(), c);
            added++;
        }
        audit.record(person.username(), "intel.added", "collection:" + collection.id(), Outcome.SUCCESS,
                added + " new object versions of " + objects.size() + " sent");
        return new IngestResult(objects.size(), successes, List.of());
    }

    /** Records the simple observables of an indicator's pattern, so values can be looked up. */
    private void index(UUID collectionId, Checked c) {
        if (!"indicator".equals(c.type()) || !"stix".equals(c.object().path("pattern_type").asString(""))) {
            return;
        }
        long seq = jdbc.sql("SELECT seq FROM stix_object WHERE collection_id = :c AND object_id = :id AND version = :v")
                .param("c", collectionId).param("id", c.id()).param("v", c.versionKey()).query(Long.class).single();
        for (var observable : org.tocsin.stix.pattern.Pattern.parse(c.object().path("pattern").asString()).observables()) {
            jdbc.sql("INSERT INTO stix_observable (object_seq, kind, observable_value) VALUES (:seq, :kind, :value)")
                    .param("seq", seq).param("kind", observable.kind().name())
                    .param("value", observable.value().length() > 2000 ? observable.value().substring(0, 2000) : observable.value())
                    .update();
        }
    }

    /** The ids of the indicators, among those the person may read, that look for this exact value. */
    @Transactional(readOnly = true)
    public List<String> indicatorsFor(Person person, org.tocsin.stix.pattern.Observable.Kind kind, String value) {
        var readable = collections(person).stream().filter(IntelCollection::canRead).map(IntelCollection::id).toList();
        return jdbc.sql("""
                SELECT DISTINCT s.object_id FROM stix_observable o JOIN stix_object s ON s.seq = o.object_seq
                WHERE o.kind = :kind AND o.observable_value = :value AND s.collection_id IN (:collections)
                  AND s.tlp <> 'TLP:RED' AND (s.tlp <> 'TLP:AMBER+STRICT' OR s.owner_organisation = :organisation)
                ORDER BY s.object_id""")
                .param("kind", kind.name()).param("value", value).param("collections", readable)
                .param("organisation", person.organisationId()).query(String.class).list();
    }

    // ----- submissions: review and release -----

    /** The id of the neutral identity that stands for an anonymous submitter wherever a submission is passed on. */
    public static final String ANONYMOUS_MEMBER = "identity--8a5b2f4e-6c1d-4e3b-9f0a-2d7c6b5a4e3f";

    /** Submissions for the authority's review, newest first, naming submitters only where they consented. */
    @Transactional(readOnly = true)
    public List<Submission> submissions(Person staff) {
        if (!membership.organisation(staff.organisationId()).map(o -> o.authority()).orElse(false)) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT s.seq, s.object_id, s.object_type, s.tlp, s.date_added, s.attribution, s.owner_organisation,
                       s.released_at, s.body
                FROM stix_object s JOIN intel_collection c ON c.id = s.collection_id
                WHERE c.kind = 'SUBMISSIONS' AND s.tlp <> 'TLP:AMBER+STRICT' ORDER BY s.seq DESC FETCH FIRST 500 ROWS ONLY""")
                .query((rs, n) -> {
                    var attribution = Attribution.valueOf(rs.getString(6));
                    var owner = membership.organisation(rs.getObject(7, UUID.class)).orElseThrow();
                    var submitter = attribution == Attribution.NONE
                            ? "An anonymous member (" + String.join(", ", owner.sectors()) + ")" : owner.name();
                    return new Submission(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), attribution, submitter,
                            rs.getObject(8, OffsetDateTime.class), rs.getString(9));
                }).list();
    }

    /**
     * Passes a reviewed submission on to a collection the authority publishes to. Unless the
     * submitter consented to be named to everyone, the copy names the neutral "Tocsin member"
     * identity as its creator instead of theirs.
     */
    @Transactional
    public IngestResult release(Person staff, long seq, IntelCollection target) {
        if (!target.canWrite() || target.kind() == IntelCollection.Kind.SUBMISSIONS
                || target.kind() == IntelCollection.Kind.ORGANISATION) {
            throw new IllegalArgumentException("Release to the all-members collection or a sector's collection");
        }
        var submission = submissions(staff).stream().filter(s -> s.seq() == seq).findFirst()
                .orElseThrow(() -> new IllegalStateException("There is no such submission"));
        var object = (tools.jackson.databind.node.ObjectNode) json.readTree(submission.json());
        var objects = new ArrayList<JsonNode>();
        if (submission.attribution() != Attribution.EVERYONE) {
            object.put("created_by_ref", ANONYMOUS_MEMBER);
            objects.add(json.readTree("""
                    {"type":"identity","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
                     "modified":"2026-01-01T00:00:00.000Z","name":"A Tocsin member","identity_class":"organization",
                     "object_marking_refs":["%s"]}""".formatted(ANONYMOUS_MEMBER, Tlp.CLEAR.markingDefinitionId())));
        }
        objects.add(object);
        var result = add(staff, target, objects, Attribution.EVERYONE);
        if (result.failures().isEmpty()) {
            jdbc.sql("UPDATE stix_object SET released_at = :now WHERE seq = :seq")
                    .param("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)).param("seq", seq).update();
            audit.record(staff.username(), "intel.released", "collection:" + target.id(), Outcome.SUCCESS,
                    submission.id() + (submission.attribution() == Attribution.EVERYONE ? " (named)" : " (anonymised)"));
        }
        return result;
    }

    /** Deletes every version of an object (or only the versions named) from a collection the person may write. */
    @Transactional
    public int delete(Person person, IntelCollection collection, String objectId, List<String> versions) {
        if (!collection.canWrite()) {
            return 0;
        }
        var keys = versions.stream().map(v -> versionKey(v).orElse("?")).toList();
        int removed = keys.isEmpty()
                ? jdbc.sql("DELETE FROM stix_object WHERE collection_id = :c AND object_id = :id AND tlp <> 'TLP:RED'")
                        .param("c", collection.id()).param("id", objectId).update()
                : jdbc.sql("DELETE FROM stix_object WHERE collection_id = :c AND object_id = :id AND version IN (:v)")
                        .param("c", collection.id()).param("id", objectId).param("v", keys).update();
        if (removed > 0) {
            audit.record(person.username(), "intel.deleted", "collection:" + collection.id(), Outcome.SUCCESS,
                    objectId + " (" + removed + " versions)");
        }
        return removed;
    }

    // ----- rules -----

    /** What is wrong with an object for this collection, in words naming the property, or null. */
    String problemWith(JsonNode object, IntelCollection collection) {
        if (object == null || !object.isObject()) {
            return "each entry of 'objects' must be a JSON object";
        }
        // One validator for STIX on every path: the tocsin-stix library's.
        var problems = Validation.check(StixObject.of(object));
        if (!problems.isEmpty()) {
            return problems.stream().limit(3)
                    .map(p -> (p.property() == null ? "" : "'" + p.property() + "': ") + p.message())
                    .collect(java.util.stream.Collectors.joining("; "));
        }
        if (versionKey(ownVersion(object, null)).isEmpty()) {
            return "'modified' must be a timestamp like 2026-11-26T09:30:00.000Z";
        }
        var refs = object.path("object_marking_refs");
        if (!refs.isMissingNode() && !refs.isArray()) {
            return "'object_marking_refs' must be a list of marking-definition ids";
        }
        var tlp = tlpOf(object, collection);
        if (tlp == null) {
            return "no TLP marking: add a TLP 2.0 marking-definition id to 'object_marking_refs'";
        }
        if (tlp == Tlp.RED) {
            return "TLP:RED is never shared through collections: it goes to named people in the portal only";
        }
        if (tlp == Tlp.AMBER_STRICT && !collection.holdsStrict()) {
            return "TLP:AMBER+STRICT stays inside its organisation: add it to your organisation's own collection";
        }
        return null;
    }

    /** The strictest TLP label among the object's markings; marking definitions themselves are CLEAR. */
    static Tlp tlpOf(JsonNode object, IntelCollection collection) {
        if ("marking-definition".equals(object.path("type").asString(""))) {
            return Tlp.CLEAR;
        }
        var labels = new ArrayList<Tlp>();
        for (var ref : object.path("object_marking_refs")) {
            if (ref.isString()) {
                Tlp.fromMarkingDefinitionId(ref.asString()).ifPresent(labels::add);
            }
        }
        return labels.isEmpty() ? null : Tlp.strictest(labels);
    }

    /** The TAXII version of an object: its {@code modified}, else {@code created}, as written. */
    static String ownVersion(JsonNode object, String fallback) {
        if (object.path("modified").isString()) {
            return object.path("modified").asString();
        }
        if (object.path("created").isString()) {
            return object.path("created").asString();
        }
        return fallback == null ? "1970-01-01T00:00:00.000Z" : fallback;
    }

    /** A timestamp in a form that sorts and compares as time does, or empty if it is not one. */
    static Optional<String> versionKey(String timestamp) {
        if (timestamp == null || timestamp.length() > 40 || !timestamp.endsWith("Z")) {
            return Optional.empty();
        }
        try {
            return Optional.of(VERSION_KEY.format(Instant.parse(timestamp)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private StoredObject withOwnVersion(StoredObject stored) {
        var own = ownVersion(json.readTree(stored.json()), stored.version());
        return new StoredObject(stored.seq(), stored.id(), stored.type(), own, stored.specVersion(), stored.tlp(),
                stored.dateAdded(), stored.json());
    }

    private record Row(UUID id, IntelCollection.Kind kind, String sector, String title, String description) {}

    private record Checked(String id, String type, String version, String versionKey, String specVersion, String tlp,
            JsonNode object) {}
}
