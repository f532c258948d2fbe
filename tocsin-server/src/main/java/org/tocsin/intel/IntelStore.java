package org.tocsin.intel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;
import org.tocsin.stix.StixObject;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.Validation;
import org.tocsin.stix.json.StixJson;
import org.tocsin.stix.json.StixJsonException;
import org.tocsin.stix.pattern.Observable;
import org.tocsin.stix.pattern.Pattern;

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
    /** The version of an object that has neither {@code modified} nor {@code created} (a cyber-observable). */
    private static final String NO_VERSION = "1970-01-01T00:00:00.000Z";
    /** Objects written at a time: one existence check, one batch of inserts and one of observables each. */
    private static final int BATCH = 1000;
    /** The most refused objects an import names one by one; its summary counts them all. */
    private static final int REPORTED_PROBLEMS = 100;
    /**
     * The rows of {@code stix_object s} that are there for readers: not those of an import still
     * under way into the collection (see {@link #importAll}), which appear all at once when it is
     * complete. Every query that reads objects for someone adds it to its conditions.
     */
    static final String AND_VISIBLE = """

              AND s.seq < COALESCE((SELECT i.first_seq FROM stix_import i WHERE i.collection_id = s.collection_id),
                                   9223372036854775807)
            """;
    /** {@link #AND_VISIBLE} for a query of one collection, given as {@code :collection}: asked once, not per row. */
    private static final String AND_VISIBLE_IN_COLLECTION = """

              AND s.seq < COALESCE((SELECT i.first_seq FROM stix_import i WHERE i.collection_id = :collection),
                                   9223372036854775807)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batchJdbc;
    private final TransactionTemplate transactions;
    private final Membership membership;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;
    /** For the one write that must not wait on the caller's transaction. */
    private final TransactionTemplate newTransaction;
    private volatile Boolean postgres;

    IntelStore(JdbcClient jdbc, JdbcTemplate batchJdbc, TransactionTemplate transactions, Membership membership,
            AuditTrail audit, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.transactions = transactions;
        this.newTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
            boolean inSector = row.sector() != null && organisation.sectors().contains(row.sector());
            seen(person, row, organisation.authority(), inSector).ifPresent(result::add);
        }
        result.add(own(person, organisation.id(), organisation.name()));
        return result;
    }

    /**
     * One collection as the person sees it, or empty if they may not see it (never "forbidden"):
     * what {@link #collections(Person)} answers for it, read with one statement, as TAXII asks on
     * every request.
     */
    @Transactional(readOnly = true)
    public Optional<IntelCollection> collection(Person person, UUID id) {
        return jdbc.sql("""
                SELECT o.id, o.name, o.is_authority, c.id, c.kind, c.sector_slug, c.title, c.description,
                       (SELECT COUNT(*) FROM organisation_sector os WHERE os.organisation_id = o.id
                                                                      AND os.sector_slug = c.sector_slug)
                FROM organisation o LEFT JOIN intel_collection c ON c.id = :id
                WHERE o.id = :organisation""")
                .param("id", id).param("organisation", person.organisationId())
                .query((rs, n) -> {
                    var organisation = rs.getObject(1, UUID.class);
                    if (rs.getString(5) != null) {
                        var row = new Row(rs.getObject(4, UUID.class), IntelCollection.Kind.valueOf(rs.getString(5)),
                                rs.getString(6), rs.getString(7), rs.getString(8));
                        return seen(person, row, rs.getBoolean(3), rs.getLong(9) > 0);
                    }
                    return id.equals(organisation) ? Optional.of(own(person, organisation, rs.getString(2)))
                            : Optional.<IntelCollection>empty();
                })
                .optional().flatMap(c -> c);
    }

    /** A shared collection as the person sees it, if they may read or write it: the access rules. */
    private static Optional<IntelCollection> seen(Person person, Row row, boolean staff, boolean inSector) {
        boolean publisher = staff && (person.hasRole(Role.AUTHOR) || person.hasRole(Role.ADMIN));
        boolean read = switch (row.kind()) {
            case ALL_MEMBERS -> true;
            case SECTOR -> staff || inSector;
            case SUBMISSIONS -> staff;
            case ORGANISATION -> false;
        };
        boolean write = switch (row.kind()) {
            case ALL_MEMBERS, SECTOR -> publisher;
            case SUBMISSIONS -> !staff && (person.hasRole(Role.SECURITY_LEAD) || person.hasRole(Role.ANALYST))
                    || publisher;
            case ORGANISATION -> false;
        };
        return read || write ? Optional.of(new IntelCollection(row.id(), row.kind(), row.sector(), null, row.title(),
                row.description(), read, write)) : Optional.empty();
    }

    /** The person's organisation's own collection. */
    private static IntelCollection own(Person person, UUID organisation, String name) {
        return new IntelCollection(organisation, IntelCollection.Kind.ORGANISATION, null, organisation,
                name + " (private)", "Your organisation's own collection: nobody else can read it",
                true, person.hasRole(Role.SECURITY_LEAD) || person.hasRole(Role.ANALYST) || person.hasRole(Role.AUTHOR)
                        || person.hasRole(Role.ADMIN));
    }

    // ----- reading -----

    /** A page of object versions matching the query, in the order they were added, as the person may see them. */
    @Transactional(readOnly = true)
    public ObjectPage objects(Person person, IntelCollection collection, ObjectQuery query) {
        if (!collection.canRead()) {
            return new ObjectPage(List.of(), false, null);
        }
        var rows = page(ALL_COLUMNS, person, collection, query).query((rs, n) -> stored(rs)).list();
        boolean more = rows.size() > query.limit();
        var page = more ? rows.subList(0, query.limit()) : rows;
        return new ObjectPage(page, more, more ? Long.toString(page.get(page.size() - 1).seq()) : null);
    }

    /**
     * The page {@link #objects(Person, IntelCollection, ObjectQuery) objects} answers, each object
     * as the UTF-8 bytes of its JSON as stored (H2 keeps bytes, V13; PostgreSQL sends its text as
     * UTF-8), never decoded into text and encoded again. For TAXII, which writes them out as they
     * are. Only the columns it needs are read, and of {@code date_added} only the first and the
     * last object's.
     */
    @Transactional(readOnly = true)
    public EncodedPage encodedObjects(Person person, IntelCollection collection, ObjectQuery query) {
        if (!collection.canRead()) {
            return new EncodedPage(List.of(), null, null, false, null);
        }
        if (postgres()) {
            return encodedPage(person, collection, query);
        }
        // On H2 the page is read lazily, row by row from the table as it is written into the page,
        // rather than copied whole into a result first: less work per page, and less for the
        // collector to copy while pages are in flight (ADR 13). Only for this statement: every
        // other query keeps H2's default, its result complete before the caller sees it.
        jdbc.sql("SET LAZY_QUERY_EXECUTION TRUE").update();
        try {
            return encodedPage(person, collection, query);
        } finally {
            jdbc.sql("SET LAZY_QUERY_EXECUTION FALSE").update();
        }
    }

    private EncodedPage encodedPage(Person person, IntelCollection collection, ObjectQuery query) {
        int limit = query.limit();
        return page(ENCODED_COLUMNS, person, collection, query).query(rs -> {
            var objects = new ArrayList<byte[]>(Math.min(limit, 1000));
            OffsetDateTime first = null;
            OffsetDateTime last = null;
            long lastSeq = 0;
            boolean more = false;
            boolean everyDate = false;
            while (rs.next()) {
                if (objects.size() == limit) {
                    more = true;
                    break;
                }
                lastSeq = rs.getLong(1);
                // The bytes as stored: H2 keeps them so (V13), PostgreSQL sends its text as UTF-8.
                objects.add(rs.getBytes(3));
                int n = objects.size();
                if (n == 1) {
                    first = rs.getObject(2, OffsetDateTime.class);
                    last = first;
                } else if (n == limit || everyDate) {
                    last = rs.getObject(2, OffsetDateTime.class);
                } else {
                    // Converting every row's timestamp was a tenth of a page's garbage; only the last one counts.
                    try {
                        if (rs.isLast()) {
                            last = rs.getObject(2, OffsetDateTime.class);
                        }
                    } catch (SQLFeatureNotSupportedException notHere) {
                        everyDate = true;
                        last = rs.getObject(2, OffsetDateTime.class);
                    }
                }
            }
            if (objects.isEmpty()) {
                return new EncodedPage(List.of(), null, null, false, null);
            }
            return new EncodedPage(objects, first, last, more, more ? Long.toString(lastSeq) : null);
        });
    }

    private static final String ALL_COLUMNS =
            "seq, object_id, object_type, version, own_version, spec_version, tlp, date_added, body";
    /** What a TAXII page needs: the cursor, the date headers and the stored JSON. */
    private static final String ENCODED_COLUMNS = "seq, date_added, body";

    /** The statement for a page: the query's filters, TLP, and the "last" versions unless asked otherwise. */
    private JdbcClient.StatementSpec page(String columns, Person person, IntelCollection collection, ObjectQuery query) {
        var sql = new StringBuilder("SELECT ").append(columns).append("""
                 FROM stix_object s
                WHERE collection_id = :collection AND seq > :after AND tlp <> 'TLP:RED'
                  AND (tlp <> 'TLP:AMBER+STRICT' OR owner_organisation = :organisation)""" + AND_VISIBLE_IN_COLLECTION);
        var statement = new java.util.LinkedHashMap<String, Object>();
        statement.put("collection", collection.id());
        statement.put("after", query.after());
        statement.put("organisation", person.organisationId());
        if (query.addedAfter() != null) {
            sql.append(" AND date_added > :addedAfter");
            statement.put("addedAfter", query.addedAfter());
        }
        if (!query.ids().isEmpty()) {
            sql.append(" AND object_key IN (:keys) AND object_id IN (:ids)");
            statement.put("keys", query.ids().stream().map(StixKeys::object).distinct().toList());
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
                case "last" -> versionClauses.add("latest = TRUE");
                case "first" -> versionClauses.add("""
                        version = (SELECT MIN(o.version) FROM stix_object o WHERE o.object_key = s.object_key
                                   AND o.collection_id = s.collection_id AND o.object_id = s.object_id)""");
                default -> stamps.add(versionKey(version).orElseThrow(
                        () -> new IllegalArgumentException("match[version]: '" + version + "' is not last, first, all or a timestamp")));
            }
        }
        if (!stamps.isEmpty()) {
            versionClauses.add("version IN (:stamps)");
            statement.put("stamps", stamps);
        }
        sql.append(" AND (").append(String.join(" OR ", versionClauses)).append(")");
        // Ordered as the (collection_id, seq) index is, so that H2 too reads the page from the index and
        // stops after it, rather than sorting the rest of the collection for every page.
        sql.append(" ORDER BY collection_id, seq FETCH FIRST :limit ROWS ONLY");
        statement.put("limit", query.limit() + 1);
        var spec = jdbc.sql(sql.toString());
        for (var entry : statement.entrySet()) {
            spec = spec.param(entry.getKey(), entry.getValue());
        }
        return spec;
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
                SELECT seq, object_id, object_type, version, own_version, spec_version, tlp, date_added, body FROM stix_object s
                WHERE collection_id = :collection AND tlp <> 'TLP:RED'
                  AND (tlp <> 'TLP:AMBER+STRICT' OR owner_organisation = :organisation)
                  AND latest = TRUE
                  AND LOWER(%s) LIKE :like ESCAPE '\\'""".formatted(postgres() ? "body" : "UTF8TOSTRING(body)")
                + AND_VISIBLE_IN_COLLECTION + """
                ORDER BY collection_id DESC, seq DESC FETCH FIRST :limit ROWS ONLY""")
                .param("collection", collection.id()).param("organisation", person.organisationId())
                .param("like", like).param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> stored(rs)).list();
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
        requireWritable(collection);
        var checked = new ArrayList<Checked>();
        var failures = new ArrayList<IngestResult.Item>();
        for (int i = 0; i < objects.size(); i++) {
            var object = objects.get(i);
            if (object == null || !object.isObject()) {
                failures.add(new IngestResult.Item("objects[" + i + "]", NO_VERSION, "each entry of 'objects' must be a JSON object"));
                continue;
            }
            var stix = StixObject.of(object);
            var id = object.path("id").isString() ? object.path("id").asString() : "objects[" + i + "]";
            var problem = problemWith(person, stix, collection, null);
            if (problem != null) {
                failures.add(new IngestResult.Item(id, ownVersion(stix), problem));
            } else {
                checked.add(checked(stix, collection, json.writeValueAsString(object)));
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
        takeTurn(collection);
        var writer = new Writer(person, collection, attribution, false);
        checked.forEach(writer::write);
        writer.flush();
        audit.record(person.username(), "intel.added", "collection:" + collection.id(), Outcome.SUCCESS,
                writer.added + " new object versions of " + objects.size() + " sent");
        return new IngestResult(objects.size(),
                checked.stream().map(c -> new IngestResult.Item(c.id(), c.version(), null)).toList(), List.of());
    }

    /**
     * Imports a stream of objects of any length, such as a bundle read with
     * {@link org.tocsin.stix.json.BundleReader}, into a collection on behalf of the person: all of
     * them or none, as readers see it (see {@link #importAll}), holding no more than a few batches
     * of objects in memory.
     * Each object is checked as {@link #add(Person, IntelCollection, List, Attribution) add}
     * checks it; once one is refused nothing more is written, but the rest are still read and
     * checked, so that the summary counts every problem. Importing what is already stored changes
     * nothing. Other writes to the collection wait until the import is done; readers do not.
     * Call it outside a transaction: it makes its own, and on H2 commits each batch.
     *
     * @param objects read once; if it throws a {@link StixJsonException} (the bundle is not
     *        well-formed) nothing is stored and the summary says where the bundle broke
     * @throws IllegalStateException if the person may not write to the collection
     */
    public ImportSummary addAll(Person person, IntelCollection collection, Iterator<StixObject> objects,
            Attribution attribution) {
        return importAll(person, collection, objects, attribution, null);
    }

    /**
     * Imports as {@link #addAll(Person, IntelCollection, Iterator, Attribution)} does, but gives
     * each object that carries no TLP marking the label {@code unmarked}: its marking-definition
     * id is added to the object's {@code object_marking_refs}, so that what is served says its
     * TLP. This is the importer's explicit choice for the whole import, and the audit trail
     * records it with the number of objects it marked.
     *
     * @throws IllegalArgumentException if the collection may not hold objects of that label
     */
    public ImportSummary addAll(Person person, IntelCollection collection, Iterator<StixObject> objects,
            Attribution attribution, Tlp unmarked) {
        Objects.requireNonNull(unmarked, "unmarked");
        var problem = tlpProblem(unmarked, collection);
        if (problem != null) {
            throw new IllegalArgumentException("The TLP for unmarked objects cannot be " + unmarked.label() + ": " + problem);
        }
        return importAll(person, collection, objects, attribution, unmarked);
    }

    /**
     * Takes the collection's turn to write, until the transaction ends: writers to one collection
     * go one after the other, so that two of them never both mark their version of one object the
     * latest. Readers do not wait. An import found under way here was abandoned (its writer would
     * still hold the turn otherwise, as a dead process does not): what it stored is withdrawn.
     */
    private void takeTurn(IntelCollection collection) {
        takeTurnOnly(collection.id());
        withdrawImport(collection.id());
    }

    private void takeTurnOnly(UUID collection) {
        var turn = jdbc.sql("SELECT collection_id FROM stix_collection_writer WHERE collection_id = :c FOR UPDATE")
                .param("c", collection);
        if (turn.query(UUID.class).optional().isEmpty()) {
            try {
                newTransaction.executeWithoutResult(status -> jdbc.sql(
                        "INSERT INTO stix_collection_writer (collection_id) VALUES (:c)").param("c", collection).update());
            } catch (DuplicateKeyException e) {
                // another writer made the row first
            }
            turn.query(UUID.class).single();
        }
    }

    /** Whether the database is PostgreSQL (else H2), for the few places where that matters. */
    private boolean postgres() {
        var known = postgres;
        if (known == null) {
            known = batchJdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()).equals("PostgreSQL");
            postgres = known;
        }
        return known;
    }

    /**
     * The import itself. It holds the collection's turn throughout, so no other write comes
     * between. On H2 it commits a batch at a time: one transaction of a million rows is more than H2
     * commits at speed (on PostgreSQL it is one transaction, ADR 12). Readers see none of it
     * meanwhile: the first batch records the import in {@code stix_import} with its first sequence number, and every read leaves out the
     * collection's rows from there on ({@link #AND_VISIBLE}). Versions it supersedes that readers can
     * see keep their {@code latest} mark until then. Publishing marks those and removes the record
     * in one transaction, so the whole import appears at once; a refused or failed import is
     * withdrawn instead, its rows deleted before the record. If the process dies meanwhile, the
     * import is withdrawn when the server next starts ({@link #withdrawAbandonedImports}), or by
     * the next writer to the collection ({@link #takeTurn}), whichever comes first.
     */
    private ImportSummary importAll(Person person, IntelCollection collection, Iterator<StixObject> objects,
            Attribution attribution, Tlp unmarked) {
        requireWritable(collection);
        var reading = new Reading(person, objects, collection, unmarked);
        var reader = new Thread(reading, "intel-import-reader");
        var writer = new Writer(person, collection, attribution, true);
        reader.start();
        try {
            // H2 commits a transaction of a million rows at a fraction of the speed it writes them, so
            // there each batch commits on its own. PostgreSQL commits a large transaction as readily
            // and rolls one back for nothing: there the import is the one transaction.
            boolean eachBatchCommits = !postgres();
            var batches = eachBatchCommits ? newTransaction : transactions;
            transactions.executeWithoutResult(turn -> {
                takeTurn(collection);
                boolean published = false;
                try {
                    for (var batch = reading.next(); batch != Reading.END; batch = reading.next()) {
                        var objectsOfBatch = batch;
                        batches.executeWithoutResult(status -> {
                            objectsOfBatch.forEach(writer::write);
                            writer.flush();
                        });
                    }
                    reading.join(reader);
                    if (reading.failure != null) {
                        throw reading.failure;
                    }
                    if (reading.refused == 0) {
                        batches.executeWithoutResult(status -> {
                            publishImport(collection.id());
                            audit.record(person.username(), "intel.imported", "collection:" + collection.id(), Outcome.SUCCESS,
                                    writer.added + " new object versions of " + reading.read + " read"
                                            + (unmarked == null ? "" : "; " + reading.marked + " objects without a TLP marking marked "
                                                    + unmarked.label() + " as the importer chose"));
                        });
                        published = true;
                    } else if (!eachBatchCommits) {
                        turn.setRollbackOnly();
                    }
                } finally {
                    if (!published && eachBatchCommits) {
                        withdrawImport(collection.id());
                    }
                }
            });
        } catch (StixJsonException e) {
            reading.problems.add(new IngestResult.Item("bundle", null, e.getMessage()));
        } finally {
            reading.cancel(reader);
        }
        if (!reading.problems.isEmpty()) {
            audit.record(person.username(), "intel.refused", "collection:" + collection.id(), Outcome.FAILURE,
                    "import refused after reading " + reading.read + " objects (" + reading.refused + " refused); first: "
                            + reading.problems.get(0).id() + ": " + reading.problems.get(0).message());
            return new ImportSummary(reading.read, 0, 0, 0, reading.refused, reading.problems);
        }
        return new ImportSummary(reading.read, writer.added, reading.read - writer.added, reading.marked, 0, List.of());
    }

    /** Rows an import's withdrawal deletes per transaction. */
    private static final int WITHDRAWN_AT_A_TIME = 5000;

    /**
     * Makes a complete import visible: the versions it superseded that readers could see lose
     * their {@code latest} mark, and its record goes, in the caller's transaction.
     */
    private void publishImport(UUID collection) {
        jdbc.sql("""
                UPDATE stix_object SET latest = FALSE
                WHERE seq IN (SELECT s.seq FROM stix_import_superseded x
                              JOIN stix_object s ON s.object_key = x.object_key AND s.collection_id = x.collection_id
                                                AND s.object_id = x.object_id
                              WHERE x.collection_id = :c AND s.version < x.newest_version AND s.latest)""")
                .param("c", collection).update();
        jdbc.sql("DELETE FROM stix_import WHERE collection_id = :c").param("c", collection).update();
    }

    /**
     * Once the server has started: withdraws every import a dead process left unfinished, rather
     * than leave its rows on disk, unseen, until the next write to its collection. An import under
     * way holds its collection's turn throughout, so one found while holding the turn is abandoned
     * ({@link #takeTurn}); on PostgreSQL an import is one transaction and leaves no record behind.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void withdrawAbandonedImports() {
        for (var collection : jdbc.sql("SELECT collection_id FROM stix_import").query(UUID.class).list()) {
            transactions.executeWithoutResult(status -> {
                takeTurnOnly(collection);
                withdrawImport(collection);
            });
        }
    }

    /**
     * Deletes what an unfinished import into the collection stored, if there is one, a few
     * thousand rows per transaction, and then its record: readers saw none of it throughout.
     * Called with the collection's turn held.
     */
    private void withdrawImport(UUID collection) {
        var first = jdbc.sql("SELECT first_seq FROM stix_import WHERE collection_id = :c").param("c", collection)
                .query(Long.class).optional();
        if (first.isEmpty()) {
            return;
        }
        int deleted;
        do {
            deleted = newTransaction.execute(status -> jdbc.sql("""
                    DELETE FROM stix_object WHERE seq IN (
                        SELECT seq FROM stix_object WHERE collection_id = :c AND seq >= :first
                        ORDER BY collection_id, seq FETCH FIRST %d ROWS ONLY)""".formatted(WITHDRAWN_AT_A_TIME))
                    .param("c", collection).param("first", first.get()).update());
        } while (deleted > 0);
        newTransaction.executeWithoutResult(status ->
                jdbc.sql("DELETE FROM stix_import WHERE collection_id = :c").param("c", collection).update());
    }

    /**
     * Reads and checks the objects of an import (JSON, STIX validation, TLP, patterns) on a thread
     * of its own, handing them to the writer a batch at a time: on two cores the import then goes
     * as fast as the database stores. At most a few batches are held. Once an object is refused,
     * the rest are still checked, so that every problem is counted, but nothing more is handed on.
     */
    private final class Reading implements Runnable {

        static final List<Checked> END = new ArrayList<>();

        private final Person person;
        private final Iterator<StixObject> objects;
        private final IntelCollection collection;
        private final Tlp unmarked;
        private final BlockingQueue<List<Checked>> batches = new ArrayBlockingQueue<>(2);
        private volatile boolean cancelled;
        // Written by the reading thread; read by the writer once it has joined it.
        final List<IngestResult.Item> problems = new ArrayList<>();
        long read;
        long refused;
        long marked;
        RuntimeException failure;

        Reading(Person person, Iterator<StixObject> objects, IntelCollection collection, Tlp unmarked) {
            this.person = person;
            this.objects = objects;
            this.collection = collection;
            this.unmarked = unmarked;
        }

        @Override
        public void run() {
            var batch = new ArrayList<Checked>(BATCH);
            try {
                while (!cancelled && objects.hasNext()) {
                    var object = objects.next();
                    long index = read++;
                    var problem = problemWith(person, object, collection, unmarked);
                    if (problem != null) {
                        if (problems.size() < REPORTED_PROBLEMS) {
                            problems.add(new IngestResult.Item(object.id().isEmpty() ? "objects[" + index + "]" : object.id(),
                                    ownVersion(object), problem));
                        }
                        refused++;
                        batch.clear();
                    } else if (refused == 0) {
                        if (unmarked != null && tlpOf(object).isEmpty()) {
                            object = object.with("object_marking_refs", markingRefs(object, unmarked));
                            marked++;
                        }
                        batch.add(checked(object, collection, StixJson.write(object)));
                        if (batch.size() == BATCH) {
                            batches.put(batch);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    batches.put(batch);
                }
            } catch (InterruptedException e) {
                return; // cancelled: the writer has stopped taking batches
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                batches.put(END);
            } catch (InterruptedException e) {
                // cancelled
            }
        }

        /** The next batch, or {@link #END} when all have been read. */
        List<Checked> next() {
            try {
                return batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while importing", e);
            }
        }

        void join(Thread thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while importing", e);
            }
        }

        /** Stops the reading thread if the writer stopped first, and waits for it. */
        void cancel(Thread thread) {
            cancelled = true;
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static JsonNode markingRefs(StixObject object, Tlp tlp) {
        var refs = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        object.objectMarkingRefs().forEach(refs::add);
        refs.add(tlp.markingDefinitionId());
        return refs;
    }

    private static void requireWritable(IntelCollection collection) {
        if (!collection.canWrite()) {
            throw new IllegalStateException("the caller may not write to this collection");
        }
    }

    private Checked checked(StixObject object, IntelCollection collection, String body) {
        var version = ownVersion(object);
        var observables = "indicator".equals(object.type()) && "stix".equals(object.string("pattern_type").orElse(""))
                ? Pattern.parse(object.string("pattern").orElseThrow()).observables() : List.<Observable>of();
        return new Checked(object.id(), StixKeys.object(object.id()), object.type(), version,
                versionKey(version).orElseThrow(), object.string("spec_version").orElse("2.1"), tlpOf(object).orElseThrow().label(), body, observables);
    }

    /**
     * Writes checked objects within the caller's transaction, a batch at a time: one query finds
     * which of the batch are already stored, one batch of inserts stores the rest, and one more
     * stores the observables of their indicators. Holds at most one batch. For an import, whose
     * batches each commit on their own, it also records the import in {@code stix_import} with
     * its first rows, and leaves the {@code latest} mark of versions readers can see to
     * {@link IntelStore#publishImport}.
     */
    private final class Writer {

        private final Person person;
        private final IntelCollection collection;
        private final Attribution attribution;
        private final boolean importing;
        /** In microseconds, as both databases keep it, so that every way of writing it stores the same value. */
        private final OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        /** The batch, by id and version: an object twice in one batch is stored once. */
        private final Map<String, Checked> batch = new LinkedHashMap<>();
        /** For an import, the sequence number of its first row, once it has one: rows before are visible. */
        private long firstSeq = Long.MAX_VALUE;
        long added;

        Writer(Person person, IntelCollection collection, Attribution attribution, boolean importing) {
            this.person = person;
            this.collection = collection;
            this.attribution = attribution;
            this.importing = importing;
        }

        void write(Checked object) {
            batch.putIfAbsent(object.id() + "|" + object.versionKey(), object);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            // Earlier batches of the same import are stored by now, so the whole import is checked.
            if (postgres()) {
                // PostgreSQL's statistics do not count the rows this import has added so far: it
                // would judge the table small and scan all of it for every batch, rather than look
                // each key up in the index, the one plan that stays fast as the table grows.
                jdbc.sql("SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
                        .update();
            }
            var newest = new HashMap<String, String>(); // per object id, its newest version stored or in the batch
            var seen = new java.util.HashSet<String>(); // object ids with a version readers can see
            var keys = new HashMap<String, Long>(); // the batch's object ids, with their keys
            batch.values().forEach(c -> keys.put(c.id(), c.key()));
            versionsOf(keys.values()).query(rs -> {
                var id = rs.getString(1);
                if (!keys.containsKey(id) || !collection.id().equals(rs.getObject(4, UUID.class))) {
                    return; // another collection's, or another object whose id has the same key
                }
                batch.remove(id + "|" + rs.getString(2));
                newest.merge(id, rs.getString(2), IntelStore::later);
                if (rs.getLong(3) < firstSeq) {
                    seen.add(id);
                }
            });
            if (postgres()) {
                jdbc.sql("RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin").update();
            }
            var fresh = List.copyOf(batch.values());
            batch.clear();
            if (fresh.isEmpty()) {
                return;
            }
            var stored = Map.copyOf(newest);
            fresh.forEach(c -> newest.merge(c.id(), c.versionKey(), IntelStore::later));
            var seqs = insert(fresh, newest);
            added += fresh.size();
            if (importing && firstSeq == Long.MAX_VALUE) {
                firstSeq = java.util.Arrays.stream(seqs).min().orElseThrow();
                jdbc.sql("INSERT INTO stix_import (collection_id, first_seq, started_at) VALUES (:c, :first, :now)")
                        .param("c", collection.id()).param("first", firstSeq).param("now", now).update();
            }
            // Versions stored before that a newer one in this batch supersedes (rare in a bulk import).
            var superseded = stored.entrySet().stream().filter(e -> !newest.get(e.getKey()).equals(e.getValue()))
                    .map(e -> new Object[] {keys.get(e.getKey()), collection.id(), e.getKey(), newest.get(e.getKey()),
                            importing ? firstSeq : Long.MIN_VALUE})
                    .toList();
            if (!superseded.isEmpty()) {
                batchJdbc.batchUpdate("""
                        UPDATE stix_object SET latest = FALSE
                        WHERE object_key = ? AND collection_id = ? AND object_id = ? AND version < ? AND latest AND seq >= ?""",
                        superseded);
                // Those readers can see keep their mark until the import is published.
                var deferred = importing ? superseded.stream().filter(row -> seen.contains((String) row[2]))
                        .map(row -> new Object[] {collection.id(), row[0], row[2], row[3]}).toList() : List.<Object[]>of();
                if (!deferred.isEmpty()) {
                    batchJdbc.batchUpdate("""
                            INSERT INTO stix_import_superseded (collection_id, object_key, object_id, newest_version)
                            VALUES (?, ?, ?, ?)""", deferred);
                }
            }
            index(fresh, seqs);
            if (collection.kind() == IntelCollection.Kind.SUBMISSIONS) {
                SightingFacts.record(batchJdbc, json,
                        fresh.stream().map(c -> c.type().equals("sighting") ? c.body() : null).toList(), seqs, now);
            }
        }

        /**
         * The stored versions (object_id, version, seq, collection_id) of the objects with these
         * keys, in any collection, found in the (object_key) index, with perhaps a few other objects
         * whose ids have the same key: the caller keeps its collection's. Asked so, by the
         * key alone, no other index can serve the query.
         */
        private JdbcClient.StatementSpec versionsOf(java.util.Collection<Long> keys) {
            return jdbc.sql("""
                    SELECT s.object_id, s.version, s.seq, s.collection_id
                    FROM stix_object s JOIN (VALUES :keys) AS given (object_key) ON s.object_key = given.object_key""")
                    .param("keys", keys.stream().distinct().map(key -> new Object[] {key}).toList());
        }

        /**
         * Inserts the objects as one JDBC batch, each marked latest if it is the newest version of
         * its object, and answers the sequence number given to each.
         */
        private long[] insert(List<Checked> objects, Map<String, String> newest) {
            if (postgres()) {
                return batchJdbc.execute((java.sql.Connection connection) -> {
                    var copy = new PostgresCopy(connection);
                    var seqs = copy.sequenceNumbers(objects.size());
                    for (int i = 0; i < seqs.length; i++) {
                        var c = objects.get(i);
                        copy.row().value(seqs[i]).value(collection.id()).value(c.id()).value(c.key())
                                .value(c.type()).value(c.versionKey()).value(c.version()).value(c.specVersion()).value(c.tlp())
                                .value(person.organisationId()).value(person.id()).value(now).value(attribution.name())
                                .value(c.body()).value(c.versionKey().equals(newest.get(c.id()))).end();
                    }
                    copy.copy("""
                            stix_object (seq, collection_id, object_id, object_key, object_type, version, own_version,
                                         spec_version, tlp, owner_organisation, submitted_by, date_added, attribution, body,
                                         latest)""");
                    return seqs;
                });
            }
            return batchJdbc.execute(connection -> connection.prepareStatement("""
                    INSERT INTO stix_object (collection_id, object_id, object_key, object_type, version, own_version, spec_version,
                                             tlp, owner_organisation, submitted_by, date_added, attribution, body, latest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"seq"}), (PreparedStatement statement) -> {
                for (var c : objects) {
                    statement.setObject(1, collection.id());
                    statement.setString(2, c.id());
                    statement.setLong(3, c.key());
                    statement.setString(4, c.type());
                    statement.setString(5, c.versionKey());
                    statement.setString(6, c.version());
                    statement.setString(7, c.specVersion());
                    statement.setString(8, c.tlp());
                    statement.setObject(9, person.organisationId());
                    statement.setObject(10, person.id());
                    statement.setObject(11, now);
                    statement.setString(12, attribution.name());
                    statement.setBytes(13, c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    statement.setBoolean(14, c.versionKey().equals(newest.get(c.id())));
                    statement.addBatch();
                }
                statement.executeBatch();
                var seqs = new long[objects.size()];
                int n = 0;
                try (var keys = statement.getGeneratedKeys()) {
                    while (keys.next()) {
                        seqs[n++] = keys.getLong(1);
                    }
                }
                if (n != seqs.length) {
                    throw new IllegalStateException("the database gave " + n + " sequence numbers for " + seqs.length + " rows");
                }
                return seqs;
            });
        }

        /** Records the simple observables of the indicators' patterns, so values can be looked up. */
        private void index(List<Checked> stored, long[] seqs) {
            var rows = new ArrayList<Object[]>();
            for (int i = 0; i < seqs.length; i++) {
                for (var observable : stored.get(i).observables()) {
                    var kind = observable.kind().name();
                    var value = observable.value().length() > 2000 ? observable.value().substring(0, 2000) : observable.value();
                    rows.add(new Object[] {seqs[i], kind, value, StixKeys.observable(kind, value)});
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            if (postgres()) {
                batchJdbc.execute((java.sql.Connection connection) -> {
                    var copy = new PostgresCopy(connection);
                    rows.forEach(row -> copy.row().value(row[0]).value(row[1]).value(row[2]).value(row[3]).end());
                    return copy.copy("stix_observable (object_seq, kind, observable_value, observable_key)");
                });
            } else {
                batchJdbc.batchUpdate("""
                        INSERT INTO stix_observable (object_seq, kind, observable_value, observable_key) VALUES (?, ?, ?, ?)""", rows);
            }
        }
    }

    /** The ids of the indicators, among those the person may read, that look for this exact value. */
    @Transactional(readOnly = true)
    public List<String> indicatorsFor(Person person, Observable.Kind kind, String value) {
        var readable = collections(person).stream().filter(IntelCollection::canRead).map(IntelCollection::id).toList();
        return jdbc.sql("""
                SELECT DISTINCT s.object_id FROM stix_observable o JOIN stix_object s ON s.seq = o.object_seq
                WHERE o.observable_key = :key AND o.kind = :kind AND o.observable_value = :value
                  AND s.collection_id IN (:collections)
                  AND s.tlp <> 'TLP:RED' AND (s.tlp <> 'TLP:AMBER+STRICT' OR s.owner_organisation = :organisation)""" + AND_VISIBLE + """
                ORDER BY s.object_id""")
                .param("key", StixKeys.observable(kind.name(), value)).param("kind", kind.name()).param("value", value)
                .param("collections", readable)
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
                WHERE c.kind = 'SUBMISSIONS' AND s.tlp <> 'TLP:AMBER+STRICT'""" + AND_VISIBLE + """
                ORDER BY s.seq DESC FETCH FIRST 500 ROWS ONLY""")
                .query((rs, n) -> {
                    var attribution = Attribution.valueOf(rs.getString(6));
                    var owner = membership.organisation(rs.getObject(7, UUID.class)).orElseThrow();
                    var submitter = attribution == Attribution.NONE
                            ? "An anonymous member (" + String.join(", ", owner.sectors()) + ")" : owner.name();
                    return new Submission(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), attribution, submitter,
                            rs.getObject(8, OffsetDateTime.class), json(rs, 9));
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
            if (object.has("where_sighted_refs")) {
                // A sighting names where it was seen: the submitter, whom only consent may name.
                object.putArray("where_sighted_refs").add(ANONYMOUS_MEMBER);
            }
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
        takeTurn(collection);
        var keys = versions.stream().map(v -> versionKey(v).orElse("?")).toList();
        long objectKey = StixKeys.object(objectId);
        int removed = keys.isEmpty()
                ? jdbc.sql("""
                        DELETE FROM stix_object WHERE object_key = :k AND collection_id = :c AND object_id = :id
                                                  AND tlp <> 'TLP:RED'""")
                        .param("k", objectKey).param("c", collection.id()).param("id", objectId).update()
                : jdbc.sql("""
                        DELETE FROM stix_object WHERE object_key = :k AND collection_id = :c AND object_id = :id
                                                  AND version IN (:v)""")
                        .param("k", objectKey).param("c", collection.id()).param("id", objectId)
                        .param("v", keys).update();
        if (removed > 0) {
            jdbc.sql("""
                    UPDATE stix_object SET latest = TRUE
                    WHERE object_key = :k AND collection_id = :c AND object_id = :id
                      AND version = (SELECT MAX(o.version) FROM stix_object o
                                     WHERE o.object_key = :k AND o.collection_id = :c AND o.object_id = :id)""")
                    .param("k", objectKey).param("c", collection.id()).param("id", objectId).update();
            audit.record(person.username(), "intel.deleted", "collection:" + collection.id(), Outcome.SUCCESS,
                    objectId + " (" + removed + " versions)");
        }
        return removed;
    }

    // ----- rules -----

    /**
     * What is wrong with an object for this collection, in words naming the property, or null.
     * With {@code unmarked} given, an object without a TLP marking takes that label.
     */
    String problemWith(Person person, StixObject object, IntelCollection collection, Tlp unmarked) {
        // One validator for STIX on every path: the tocsin-stix library's.
        var problems = Validation.check(object);
        if (!problems.isEmpty()) {
            return problems.stream().limit(3)
                    .map(p -> (p.property() == null ? "" : "'" + p.property() + "': ") + p.message())
                    .collect(java.util.stream.Collectors.joining("; "));
        }
        if (versionKey(ownVersion(object)).isEmpty()) {
            return "'modified' must be a timestamp like 2026-11-26T09:30:00.000Z";
        }
        if (object.property("object_marking_refs").filter(refs -> !refs.isArray()).isPresent()) {
            return "'object_marking_refs' must be a list of marking-definition ids";
        }
        var tlp = tlpOf(object).orElse(unmarked);
        if (tlp == null) {
            return "no TLP marking: add a TLP 2.0 marking-definition id to 'object_marking_refs'";
        }
        if (collection.kind() == IntelCollection.Kind.SUBMISSIONS && "sighting".equals(object.type())) {
            // A member reports what their own organisation saw; naming another would put words in its mouth.
            var own = "identity--" + person.organisationId();
            for (var ref : object.strings("where_sighted_refs")) {
                if (!own.equals(ref)) {
                    return "'where_sighted_refs' may name only your own organisation, " + own
                            + " (or be left out to report without saying where)";
                }
            }
        }
        return tlpProblem(tlp, collection);
    }

    /** Why the collection may not hold objects of this TLP, or null if it may. */
    private static String tlpProblem(Tlp tlp, IntelCollection collection) {
        if (tlp == Tlp.RED) {
            return "TLP:RED is never shared through collections: it goes to named people in the portal only";
        }
        if (tlp == Tlp.AMBER_STRICT && !collection.holdsStrict()) {
            return "TLP:AMBER+STRICT stays inside its organisation: add it to your organisation's own collection";
        }
        return null;
    }

    /** The strictest TLP label among the object's markings; marking definitions themselves are CLEAR. */
    static Optional<Tlp> tlpOf(StixObject object) {
        return "marking-definition".equals(object.type()) ? Optional.of(Tlp.CLEAR) : object.tlp();
    }

    /** The TAXII version of an object: its {@code modified}, else {@code created}, as written. */
    static String ownVersion(StixObject object) {
        return object.string("modified").or(() -> object.string("created")).orElse(NO_VERSION);
    }

    /** The later of two version keys (they compare as text as they do as time). */
    private static String later(String one, String other) {
        return one.compareTo(other) >= 0 ? one : other;
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

    /**
     * A stored object with its TAXII version as written. Rows stored before the version was kept
     * in a column of its own (V5) have it only in the object itself.
     */
    private StoredObject stored(ResultSet rs) throws SQLException {
        var body = json(rs, 9);
        var own = rs.getString(5);
        if (own == null) {
            var object = json.readTree(body);
            own = object.path("modified").isString() ? object.path("modified").asString()
                    : object.path("created").isString() ? object.path("created").asString() : rs.getString(4);
        }
        return new StoredObject(rs.getLong(1), rs.getString(2), rs.getString(3), own, rs.getString(6), rs.getString(7),
                rs.getObject(8, OffsetDateTime.class), body);
    }

    /**
     * An object's JSON from a result's {@code body} column: text on PostgreSQL, UTF-8 bytes on H2
     * (V13).
     */
    static String json(ResultSet rs, int column) throws SQLException {
        var value = rs.getObject(column);
        return value instanceof byte[] utf8 ? new String(utf8, java.nio.charset.StandardCharsets.UTF_8) : (String) value;
    }

    private record Row(UUID id, IntelCollection.Kind kind, String sector, String title, String description) {}

    /**
     * An object checked for a collection, ready to be stored, with the key of its id (computed once,
     * by the import's reading thread) and the observables of its pattern if it has one.
     */
    private record Checked(String id, long key, String type, String version, String versionKey, String specVersion, String tlp,
            String body, List<Observable> observables) {}
}
