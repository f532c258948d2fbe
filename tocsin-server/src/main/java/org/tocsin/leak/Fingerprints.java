package org.tocsin.leak;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.identity.SecretBox;
import org.tocsin.membership.Person;

/**
 * Fingerprinted copies and their attribution.
 *
 * <p>Each advisory has a random 256-bit key, created with its first copy and stored sealed under
 * the service's secret key in {@code leak_key}, apart from the content. A recipient's copy is
 * rendered from a codeword computed from that key and a seed of their own (derived from the key
 * and the person, so the same reader always gets the same copy, however often and wherever it is
 * rendered); the copy is recorded in {@code leak_copy} the first time, with the seed sealed. A copy
 * shared on inside Tocsin is a child copy with a seed of its own, recorded with its parent.
 *
 * <p>Facts are never varied (see {@link Document}); invisible marks are added to every copy but
 * attribution never rests on them.
 */
@Service
public class Fingerprints {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHED_READERS = 64;

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;
    private final TransactionTemplate newTransaction;
    private final Map<Wording, Reader> readers = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Wording, Reader> eldest) {
            return size() > CACHED_READERS;
        }
    });

    Fingerprints(JdbcClient jdbc, SecretBox box, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * The reader's own copy of version {@code version} of an advisory's wording: always the same
     * for the same reader and wording. Records the copy the first time.
     */
    public Wording copyFor(UUID advisoryId, int version, Person reader, Wording wording) {
        var key = key(advisoryId);
        var existing = copyOf(advisoryId, reader.id());
        if (existing.isEmpty()) {
            record(advisoryId, version, reader, null, Codewords.recipientSeed(key, reader.id().toString()));
            existing = copyOf(advisoryId, reader.id());
        }
        // what is on record: their own copy, or the one shared with them before they became a recipient
        return render(key, seedOf(key, existing.orElseThrow()), wording);
    }

    /**
     * The copy {@code to} gets when {@code from} shares the advisory on inside Tocsin: a child of
     * {@code from}'s copy with a codeword of its own. Someone who already has a copy of this
     * advisory (their own, or one shared with them before) keeps it.
     */
    public Wording sharedCopy(UUID advisoryId, int version, Person from, Person to, Wording wording) {
        var key = key(advisoryId);
        return render(key, seedOf(key, recordShared(key, advisoryId, version, from, to)), wording);
    }

    /**
     * Records, without rendering it, the copy {@code to} gets when {@code from} passes the advisory
     * on (sharing on, delegation), so that the copy is on record for investigations before it is
     * first read. Does nothing if {@code to} has a copy already.
     */
    public void recordSharedCopy(UUID advisoryId, int version, Person from, Person to) {
        recordShared(key(advisoryId), advisoryId, version, from, to);
    }

    private StoredCopy recordShared(byte[] key, UUID advisoryId, int version, Person from, Person to) {
        var existing = copyOf(advisoryId, to.id());
        if (existing.isEmpty()) {
            var parent = copyOf(advisoryId, from.id()).orElseGet(() -> {
                record(advisoryId, version, from, null, Codewords.recipientSeed(key, from.id().toString()));
                return copyOf(advisoryId, from.id()).orElseThrow();
            });
            record(advisoryId, version, to, parent.id(), Codewords.childSeed(key, parent.id().toString(), to.id().toString()));
            existing = copyOf(advisoryId, to.id());
        }
        return existing.orElseThrow();
    }

    /** The copy on record for a person, if they have one: its id and its parent's. */
    public Optional<CopyRecord> copyRecord(UUID advisoryId, UUID personId) {
        return copyOf(advisoryId, personId).map(c -> new CopyRecord(c.id(), c.personId(), c.username(), c.parent()));
    }

    /** A copy on record by its id. */
    public Optional<CopyRecord> copyRecordById(UUID advisoryId, UUID copyId) {
        return copies(advisoryId).stream().filter(c -> c.id().equals(copyId)).findFirst()
                .map(c -> new CopyRecord(c.id(), c.personId(), c.username(), c.parent()));
    }

    /** A copy on record: whose it is and, for a copy shared on, whose copy it came from. */
    public record CopyRecord(UUID id, UUID personId, String username, UUID parent) {}

    /** The wording as the author wrote it, marks resolved to the first variant: what the authority reads. */
    public static Wording original(Wording wording) {
        return Document.of(wording).original();
    }

    /** Slots per sentence, for the author. */
    public static Density density(Wording wording) {
        return Document.of(wording).density();
    }

    /** Refuses a malformed author's mark, naming the field, line and character. */
    public static void check(String field, String text) {
        Document.check(field, text);
    }

    /** How much of this wording's shared text the leaked text holds (anchors in order), to find the advisory. */
    public int resemblance(Wording wording, String leaked) {
        return reader(wording).anchorsIn(Normaliser.normalise(leaked));
    }

    /** Reads the leaked text as a copy of this wording and scores every copy of the advisory on record. */
    public Attribution attribute(UUID advisoryId, Wording wording, String leaked, int top) {
        var reader = reader(wording);
        var observation = reader.read(leaked);
        var arity = reader.document().arities();
        var scoring = new Scoring(observation.symbols(), arity);
        var copies = copies(advisoryId);
        var candidates = new ArrayList<Attribution.Candidate>(copies.size());
        var marks = new ArrayList<Attribution.Candidate>();
        var tags = Invisible.find(leaked);
        if (!copies.isEmpty()) {
            var key = key(advisoryId);
            var codewords = new Codewords(key);
            int reach = scoring.reach();
            // a recipient's own seed is derived again (cheaper than opening it); a child's is opened
            var seeds = copies.stream().map(c -> c.parent() == null ? codewords.recipientSeed(c.personId().toString())
                    : c.seed()).toList();
            var symbols = codewords.symbols(seeds, arity, reach);
            for (int i = 0; i < copies.size(); i++) {
                var copy = copies.get(i);
                var seed = seeds.get(i);
                int score = scoring.score(symbols[i]);
                var candidate = new Attribution.Candidate(copy.id(), copy.personId(), copy.username(),
                        copy.organisationId(), copy.parent(), (double) score / Scoring.SCALE,
                        scoring.falseMatchProbability(score));
                candidates.add(candidate);
                if (!tags.isEmpty() && tags.contains(Codewords.tag(key, seed))) {
                    marks.add(candidate);
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Attribution.Candidate::score).reversed()
                .thenComparing(Attribution.Candidate::username));
        boolean enough = scoring.observed() >= Attribution.MIN_SLOTS && !candidates.isEmpty()
                && candidates.get(0).falseMatchProbability() * candidates.size() <= Attribution.ACCUSE;
        return new Attribution(observation.observed(), observation.anchors(), copies.size(), enough,
                List.copyOf(candidates.subList(0, Math.min(top, candidates.size()))), List.copyOf(marks));
    }

    // ----- rendering -----

    private Wording render(byte[] key, byte[] seed, Wording wording) {
        var document = reader(wording).document();
        var codeword = new Codewords(key).symbols(seed, document.arities());
        var copy = document.render(codeword);
        long tag = Codewords.tag(key, seed);
        return new Wording(Invisible.embed(copy.summary(), tag), Invisible.embed(copy.body(), tag), copy.annex());
    }

    private Reader reader(Wording wording) {
        var reader = readers.get(wording);
        if (reader == null) {
            reader = new Reader(Document.of(wording));
            readers.put(wording, reader);
        }
        return reader;
    }

    // ----- keys and the table of copies -----

    /** A recipient's own seed is derived again (cheaper than opening it); a child's is opened. */
    private static byte[] seedOf(byte[] key, StoredCopy copy) {
        return copy.parent() == null ? Codewords.recipientSeed(key, copy.personId().toString()) : copy.seed();
    }

    private record StoredCopy(UUID id, UUID personId, String username, UUID organisationId, UUID parent, String sealedSeed,
            SecretBox box) {

        byte[] seed() {
            return HexFormat.of().parseHex(box.open(sealedSeed));
        }
    }

    private byte[] key(UUID advisoryId) {
        var sealed = sealedKey(advisoryId);
        if (sealed.isEmpty()) {
            var fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try {
                newTransaction.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO leak_key (advisory_id, sealed_key, created_at) VALUES (:id, :key, :now)""")
                        .param("id", advisoryId).param("key", box.seal(Base64.getEncoder().encodeToString(fresh)))
                        .param("now", now()).update());
            } catch (DuplicateKeyException createdConcurrently) {
                // another request created it first: use that one
            }
            sealed = sealedKey(advisoryId);
        }
        return Base64.getDecoder().decode(box.open(sealed.orElseThrow()));
    }

    private Optional<String> sealedKey(UUID advisoryId) {
        // read outside the caller's transaction too, so a key just created by another one is seen
        return newTransaction.execute(status -> jdbc.sql("SELECT sealed_key FROM leak_key WHERE advisory_id = :id")
                .param("id", advisoryId).query(String.class).optional());
    }

    private void record(UUID advisoryId, int version, Person person, UUID parent, byte[] seed) {
        if (copyOf(advisoryId, person.id()).isPresent()) {
            return;
        }
        try {
            newTransaction.executeWithoutResult(status -> jdbc.sql("""
                    INSERT INTO leak_copy (id, advisory_id, person_id, username, organisation_id, parent_id, sealed_seed,
                                           first_version, created_at)
                    VALUES (:id, :advisory, :person, :username, :organisation, :parent, :seed, :version, :now)""")
                    .param("id", UUID.randomUUID()).param("advisory", advisoryId).param("person", person.id())
                    .param("username", person.username()).param("organisation", person.organisationId())
                    .param("parent", parent).param("seed", box.seal(HexFormat.of().formatHex(seed)))
                    .param("version", version).param("now", now()).update());
        } catch (DuplicateKeyException recordedConcurrently) {
            // the same copy, recorded by a concurrent request
        }
    }

    private Optional<StoredCopy> copyOf(UUID advisoryId, UUID personId) {
        return newTransaction.execute(status -> jdbc.sql("""
                SELECT id, person_id, username, organisation_id, parent_id, sealed_seed FROM leak_copy
                WHERE advisory_id = :advisory AND person_id = :person""")
                .param("advisory", advisoryId).param("person", personId).query(this::stored).optional());
    }

    private List<StoredCopy> copies(UUID advisoryId) {
        return jdbc.sql("""
                SELECT id, person_id, username, organisation_id, parent_id, sealed_seed FROM leak_copy
                WHERE advisory_id = :advisory ORDER BY username""")
                .param("advisory", advisoryId).query(this::stored).list();
    }

    private StoredCopy stored(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new StoredCopy(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6), box);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
