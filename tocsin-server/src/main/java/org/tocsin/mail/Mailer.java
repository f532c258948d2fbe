package org.tocsin.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Queues messages in the outbox. Queueing the same idempotency key twice queues it once. */
@Service
public class Mailer {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcOperations batches;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    Mailer(JdbcClient jdbc, JdbcOperations batches, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
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
     * by one: a message whose key was queued before (or earlier in the list) is left out.
     *
     * <p>Fresh keys are the rule (a publication's keys name its version and each person), so the
     * messages are first inserted in plain batches, behind a savepoint, with nothing looked up: a
     * publication to thousands of people costs a few round trips, whatever the database's
     * statistics say about the outbox. Should any key be there already, the unique constraint
     * refuses the batch, the savepoint is rolled back, and the messages are queued one by one.
     *
     * @return how many were queued now
     */
    @Transactional
    public int queueAll(List<Message> messages) {
        var unique = new LinkedHashMap<String, Message>();
        messages.forEach(message -> unique.putIfAbsent(message.idempotencyKey(), message));
        try {
            return savepoint.execute(status -> insertAll(unique.values()));
        } catch (DuplicateKeyException e) {
            int queued = 0;
            for (var message : unique.values()) {
                queued += queue(message.idempotencyKey(), message.recipient(), message.subject(), message.body()) ? 1 : 0;
            }
            return queued;
        }
    }

    private int insertAll(Collection<Message> messages) {
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        batches.batchUpdate("""
                INSERT INTO mail_outbox (id, idempotency_key, recipient, subject, body, created_at, attempts)
                VALUES (?, ?, ?, ?, ?, ?, 0)""", messages, BATCH, (statement, message) -> {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, message.idempotencyKey());
                    statement.setString(3, message.recipient());
                    statement.setString(4, message.subject());
                    statement.setString(5, message.body());
                    statement.setObject(6, now);
                });
        return messages.size();
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
