package org.tocsin.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends security events to the hash-chained audit trail and verifies the chain.
 *
 * <p>Each entry's hash covers its own fields and the previous entry's hash, so changing, inserting
 * or deleting any entry breaks every hash after it; the chain's tip is kept in a separate row, so
 * deleting the newest entries is detected as well. Appends take a row lock on that tip and so are
 * serialised across server instances. An append joins the caller's transaction: an event of a
 * business operation that rolls back is rolled back with it.
 */
@Service
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an event whose actor is the caller of the current request (or "anonymous"). */
    @Transactional
    public AuditEntry record(String action, String target, Outcome outcome, String detail) {
        return record(currentActor(), action, target, outcome, detail);
    }

    /** Records an event on behalf of a named actor (for example "system" or a user being signed in). */
    @Transactional
    public AuditEntry record(String actor, String action, String target, Outcome outcome, String detail) {
        var head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
        var entry = new AuditEntry(head.seq() + 1,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
                clean(actor, 254), clean(action, 64), clean(target, 254), outcome, clean(detail, 2000),
                clean(currentSource(), 64), head.hash(), null);
        var hashed = entry.withHash(hashOf(entry));
        jdbc.sql("""
                INSERT INTO audit_entry (seq, at, actor, action, target, outcome, detail, source, prev_hash, hash)
                VALUES (:seq, :at, :actor, :action, :target, :outcome, :detail, :source, :prev, :hash)""")
                .param("seq", hashed.seq()).param("at", hashed.at()).param("actor", hashed.actor())
                .param("action", hashed.action()).param("target", hashed.target())
                .param("outcome", hashed.outcome().name()).param("detail", hashed.detail())
                .param("source", hashed.source()).param("prev", hashed.previousHash()).param("hash", hashed.hash())
                .update();
        jdbc.sql("UPDATE audit_head SET last_seq = :seq, last_hash = :hash WHERE id = 1")
                .param("seq", hashed.seq()).param("hash", hashed.hash()).update();
        return hashed;
    }

    /** The newest entries first, at most {@code limit}, optionally only those older than {@code before}. */
    @Transactional(readOnly = true)
    public List<AuditEntry> latest(int limit, Long before) {
        return jdbc.sql("""
                SELECT seq, at, actor, action, target, outcome, detail, source, prev_hash, hash
                FROM audit_entry WHERE seq < :before ORDER BY seq DESC FETCH FIRST :limit ROWS ONLY""")
                .param("before", before == null ? Long.MAX_VALUE : before)
                .param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), Outcome.valueOf(rs.getString(6)),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)))
                .list();
    }

    /** Recomputes the whole chain from the first entry to the recorded tip. */
    @Transactional(readOnly = true)
    public Verification verify() {
        var head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).single();
        var state = new long[] {0};
        var previous = new String[] {GENESIS};
        var broken = new Verification[1];
        jdbc.sql("""
                SELECT seq, at, actor, action, target, outcome, detail, source, prev_hash, hash
                FROM audit_entry ORDER BY seq""")
                .query(rs -> {
                    if (broken[0] != null) {
                        return;
                    }
                    var entry = new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                            rs.getString(3), rs.getString(4), rs.getString(5), Outcome.valueOf(rs.getString(6)),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
                    long expectedSeq = state[0] + 1;
                    if (entry.seq() != expectedSeq) {
                        broken[0] = Verification.broken(state[0], expectedSeq,
                                "entry " + expectedSeq + " is missing (next entry found is " + entry.seq() + ")");
                    } else if (!entry.previousHash().equals(previous[0])) {
                        broken[0] = Verification.broken(state[0], entry.seq(),
                                "entry " + entry.seq() + " does not follow the entry before it");
                    } else if (!entry.hash().equals(hashOf(entry))) {
                        broken[0] = Verification.broken(state[0], entry.seq(),
                                "entry " + entry.seq() + " has been altered");
                    } else {
                        state[0] = entry.seq();
                        previous[0] = entry.hash();
                    }
                });
        if (broken[0] != null) {
            return broken[0];
        }
        if (state[0] != head.seq() || !previous[0].equals(head.hash())) {
            return Verification.broken(state[0], state[0] + 1,
                    "the trail ends at entry " + state[0] + " but " + head.seq() + " entries were written");
        }
        return new Verification(true, state[0], null, null);
    }

    static String hashOf(AuditEntry e) {
        var canonical = new StringBuilder();
        for (var field : List.of(Long.toString(e.seq()), e.at().toInstant().toString(), e.actor(), e.action(),
                e.target(), e.outcome().name(), e.detail(), e.source(), e.previousHash())) {
            // Length-prefixed, so no choice of field values can make two entries hash the same input.
            canonical.append(field.length()).append(':').append(field).append(';');
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e1);
        }
    }

    /** Control characters (CR and LF above all) are written visibly, so an entry cannot forge a line. */
    static String clean(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        var out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.length() <= max ? out.toString() : out.substring(0, max - 1) + "…";
    }

    private static String currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken) {
            return "anonymous";
        }
        return auth.getName();
    }

    private static String currentSource() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return "internal";
    }

    private record Head(long seq, String hash) {}
}
