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
import org.tocsin.openpgp.OpenPgp;
import org.tocsin.openpgp.UnusableKey;

/**
 * Queues messages in the outbox. Queueing the same idempotency key twice queues it once.
 *
 * <p>Every message leaves signed with the service's OpenPGP key. A message with confidential
 * content ({@link #queueConfidential}) is encrypted to the recipient's key here, at queueing, so
 * the content is never stored in the clear, not even in the outbox administrators can read.
 */
@Service
public class Mailer {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final OpenPgp openPgp;
    private final JdbcOperations batches;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    Mailer(JdbcClient jdbc, JdbcOperations batches, PlatformTransactionManager transactions, OpenPgp openPgp, Clock clock) {
        this.jdbc = jdbc;
        this.openPgp = openPgp;
        this.batches = batches;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * Queues a plain-text message, joining the caller's transaction. It is sent signed, not encrypted:
     * it must hold nothing confidential.
     *
     * @return whether it was queued now (false if a message with this key was queued before)
     */
    @Transactional
    public boolean queue(String idempotencyKey, String recipient, String subject, String body) {
        return insert(idempotencyKey, recipient, subject, body, null, null);
    }

    /**
     * Queues a message whose {@code content} may go only encrypted: to {@code recipientKey} (an
     * armoured public key that passed {@link OpenPgp#check}) when there is one that can be used now,
     * signed and encrypted; otherwise {@code withoutContent} is sent instead, signed, in the clear.
     * The subject always travels in the clear, so it must say nothing confidential.
     *
     * @param recipientKey the recipient's public key, or null when they have none
     * @return whether the content was encrypted and queued (false: the message without content was
     *     queued, or nothing was because the key was queued before)
     */
    @Transactional
    public boolean queueConfidential(String idempotencyKey, String recipient, String subject, String withoutContent,
            String content, String recipientKey) {
        if (recipientKey == null) {
            insert(idempotencyKey, recipient, subject, withoutContent, null, null);
            return false;
        }
        if (queued(idempotencyKey)) {
            return false;
        }
        OpenPgp.Sealed sealed;
        try {
            sealed = openPgp.signAndEncrypt(PgpMime.textEntity(content), recipientKey);
        } catch (UnusableKey expiredSinceUpload) {
            insert(idempotencyKey, recipient, subject, withoutContent, null, null);
            return false;
        }
        return insert(idempotencyKey, recipient, subject, "(Encrypted to the recipient's OpenPGP key "
                + sealed.recipientFingerprint() + ".)", sealed.message(), sealed.recipientFingerprint());
    }

    private boolean insert(String idempotencyKey, String recipient, String subject, String body, String encrypted,
            String encryptedTo) {
        if (queued(idempotencyKey)) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO mail_outbox (id, idempotency_key, recipient, subject, body, encrypted, encrypted_to,
                                         created_at, attempts)
                VALUES (:id, :key, :to, :subject, :body, :encrypted, :encryptedTo, :now, 0)""")
                .param("id", UUID.randomUUID()).param("key", idempotencyKey).param("to", recipient)
                .param("subject", subject).param("body", body).param("encrypted", encrypted)
                .param("encryptedTo", encryptedTo)
                .param("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)).update();
        return true;
    }

    private boolean queued(String idempotencyKey) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE idempotency_key = :key")
                .param("key", idempotencyKey).query(Integer.class).single() > 0;
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
                SELECT id, recipient, subject, body, created_at, sent_at, attempts, last_error, encrypted_to,
                       message_id, in_doubt
                FROM mail_outbox ORDER BY created_at DESC FETCH FIRST :limit ROWS ONLY""")
                .param("limit", limit)
                .query((rs, n) -> new OutboxMessage(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11)))
                .list();
    }
}
