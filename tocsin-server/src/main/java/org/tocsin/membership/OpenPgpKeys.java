package org.tocsin.membership;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.openpgp.OpenPgp;
import org.tocsin.openpgp.UnusableKey;

/**
 * People's OpenPGP public keys, one each, uploaded on their profile so that Tocsin can send them
 * confidential content by e-mail, encrypted. A key is checked by {@link OpenPgp#check} before it
 * is stored; a refused key changes nothing. Uploads and removals are audited.
 */
@Service
public class OpenPgpKeys {

    /** A person's key as stored. */
    public record Key(String fingerprint, List<String> userIds, String algorithm, OffsetDateTime expiresAt,
            OffsetDateTime uploadedAt, String armoured) {}

    private final JdbcClient jdbc;
    private final OpenPgp openPgp;
    private final AuditTrail audit;
    private final Clock clock;

    OpenPgpKeys(JdbcClient jdbc, OpenPgp openPgp, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.openPgp = openPgp;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Checks and stores the person's public key, replacing any they had.
     *
     * @throws Refusal on field {@code key}, saying what is wrong with it
     */
    @Transactional
    public Key upload(Person person, String armoured) {
        org.tocsin.openpgp.RecipientKey key;
        try {
            key = openPgp.check(armoured);
        } catch (UnusableKey e) {
            throw Refusal.invalid("key", e.getMessage());
        }
        var now = now();
        var userIds = String.join("\n", key.userIds());
        if (userIds.length() > 2000) {
            userIds = userIds.substring(0, 2000);
        }
        jdbc.sql("DELETE FROM person_openpgp_key WHERE person_id = :person").param("person", person.id()).update();
        jdbc.sql("""
                INSERT INTO person_openpgp_key (person_id, armoured, fingerprint, user_ids, algorithm, expires_at, uploaded_at)
                VALUES (:person, :armoured, :fingerprint, :userIds, :algorithm, :expires, :now)""")
                .param("person", person.id()).param("armoured", key.armoured()).param("fingerprint", key.fingerprint())
                .param("userIds", userIds).param("algorithm", key.algorithm()).param("expires", key.expiresAt())
                .param("now", now).update();
        audit.record(person.username(), "openpgp.key-uploaded", "person:" + person.id(), Outcome.SUCCESS,
                key.fingerprint() + " " + key.algorithm()
                        + (key.expiresAt() == null ? "" : " expires " + key.expiresAt().toLocalDate()));
        return of(person.id()).orElseThrow();
    }

    /** Removes the person's key; from now on they get no content by e-mail. */
    @Transactional
    public boolean remove(Person person) {
        var existing = of(person.id());
        if (existing.isEmpty()) {
            return false;
        }
        jdbc.sql("DELETE FROM person_openpgp_key WHERE person_id = :person").param("person", person.id()).update();
        audit.record(person.username(), "openpgp.key-removed", "person:" + person.id(), Outcome.SUCCESS,
                existing.get().fingerprint());
        return true;
    }

    @Transactional(readOnly = true)
    public Optional<Key> of(UUID personId) {
        return jdbc.sql("""
                SELECT fingerprint, user_ids, algorithm, expires_at, uploaded_at, armoured
                FROM person_openpgp_key WHERE person_id = :person""")
                .param("person", personId)
                .query((rs, n) -> new Key(rs.getString(1), List.of(rs.getString(2).split("\n")), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class), rs.getString(6)))
                .optional();
    }

    /** The armoured keys, not expired now, of those of these people who have one. */
    @Transactional(readOnly = true)
    public Map<UUID, String> usableKeysOf(Collection<UUID> people) {
        var wanted = new HashSet<>(people);
        var keys = new HashMap<UUID, String>();
        jdbc.sql("SELECT person_id, armoured FROM person_openpgp_key WHERE expires_at IS NULL OR expires_at > :now")
                .param("now", now())
                .query(rs -> {
                    var person = rs.getObject(1, UUID.class);
                    if (wanted.contains(person)) {
                        keys.put(person, rs.getString(2));
                    }
                });
        return keys;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
