package org.tocsin.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Queues messages in the outbox. Queueing the same idempotency key twice queues it once. */
@Service
public class Mailer {

    private final JdbcClient jdbc;
    private final Clock clock;

    Mailer(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
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
