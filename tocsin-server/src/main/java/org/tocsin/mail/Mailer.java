package org.tocsin.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Queues messages in the outbox. Queueing the same idempotency key twice queues it once. */
@Service
public class Mailer {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcOperations batches;
    private final Clock clock;

    Mailer(JdbcClient jdbc, JdbcOperations batches, Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * Queues a plain-text message, joining the caller's transaction.
     *
     * @return whether it was queued now (false if a message with this key was queued before)
     */
    @Transactional
    public boolean queue(String idempotencyKey, String recipient, String subject, String body) {
        int existing = jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE idempotency_key = :key")
                .param("key", idempotencyKey).query(Integer.class).single();
        if (existing > 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO mail_outbox (id, idempotency_key, recipient, subject, body, created_at, attempts)
                VALUES (:id, :key, :to, :subject, :body, :now, 0)""")
                .param("id", UUID.randomUUID()).param("key", idempotencyKey).param("to", recipient)
                .param("subject", subject).param("body", body)
                .param("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)).update();
        return true;
    }

    /** A plain-text message to queue, under its idempotency key. */
    public record Message(String idempotencyKey, String recipient, String subject, String body) {}

    /**
     * Queues many messages at once, joining the caller's transaction, as {@link #queue} would one
     * by one: a message whose key was queued before (or earlier in the list) is left out. Written
     * in batches, each row guarded by its own lookup of its key in the unique index, so that a
     * publication to thousands of people costs a few round trips rather than thousands, and no
     * list of thousands of keys is ever compared with the whole outbox.
     *
     * @return how many were queued now
     */
    @Transactional
    public int queueAll(List<Message> messages) {
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var unique = new LinkedHashMap<String, Message>();
        messages.forEach(message -> unique.putIfAbsent(message.idempotencyKey(), message));
        var counts = batches.batchUpdate("""
                INSERT INTO mail_outbox (id, idempotency_key, recipient, subject, body, created_at, attempts)
                SELECT CAST(? AS UUID), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(254)), CAST(? AS VARCHAR(200)),
                       CAST(? AS VARCHAR(20000)), CAST(? AS TIMESTAMP WITH TIME ZONE), 0
                WHERE NOT EXISTS (SELECT 1 FROM mail_outbox WHERE idempotency_key = ?)""",
                unique.values(), BATCH, (statement, message) -> {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, message.idempotencyKey());
                    statement.setString(3, message.recipient());
                    statement.setString(4, message.subject());
                    statement.setString(5, message.body());
                    statement.setObject(6, now);
                    statement.setString(7, message.idempotencyKey());
                });
        int queued = 0;
        for (var batch : counts) {
            for (int count : batch) {
                queued += count > 0 ? 1 : 0;
            }
        }
        return queued;
    }

    /** The newest messages in the outbox, sent or not, for the administrators' view. */
    @Transactional(readOnly = true)
    public List<OutboxMessage> latest(int limit) {
        return jdbc.sql("""
                SELECT id, recipient, subject, body, created_at, sent_at, attempts, last_error
                FROM mail_outbox ORDER BY created_at DESC FETCH FIRST :limit ROWS ONLY""")
                .param("limit", limit)
                .query((rs, n) -> new OutboxMessage(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getInt(7), rs.getString(8)))
                .list();
    }
}
