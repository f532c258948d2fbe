package org.tocsin.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tocsin.cluster.ClusterLock;
import org.tocsin.openpgp.OpenPgp;

/**
 * Sends queued messages through SMTP when a server is configured ({@code spring.mail.host}).
 *
 * <p>Each message goes through three steps, each committed on its own: it is <em>claimed</em>
 * for one attempt with a lease ({@code sending_until}), it is handed to the SMTP server, and it is
 * <em>marked sent</em> once the server accepted it (or released with the error). Its bytes, with a
 * Message-ID made from its idempotency key, are fixed at its first attempt, so every attempt sends
 * the same message. A claim whose lease ran out without a result means the instance stopped during
 * the attempt: the outcome is unknown, the message is sent again, and the attempt is counted as
 * {@code in_doubt}. See docs/adr/0008-mail-delivery-guarantee.md for what this guarantees.
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    static final int MAX_ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> smtp;
    private final ClusterLock lock;
    private final OpenPgp openPgp;
    private final Clock clock;
    private final String from;
    private final Duration lease;
    private final String instance = "sender-" + UUID.randomUUID();

    OutboxSender(JdbcClient jdbc, ObjectProvider<JavaMailSender> smtp, ClusterLock lock, OpenPgp openPgp, Clock clock,
            @Value("${tocsin.mail.from:tocsin@localhost}") String from,
            @Value("${tocsin.mail.sending-lease:5m}") Duration lease) {
        this.jdbc = jdbc;
        this.smtp = smtp;
        this.lock = lock;
        this.openPgp = openPgp;
        this.clock = clock;
        this.from = from;
        this.lease = lease;
    }

    @Scheduled(fixedDelayString = "${tocsin.mail.send-interval:5s}")
    void sendPending() {
        var sender = smtp.getIfAvailable();
        if (sender == null) {
            return; // default mode without SMTP: the outbox is the mailbox
        }
        lock.runExclusively("mail-outbox", lease, () -> sendBatch(sender));
    }

    int sendBatch(JavaMailSender sender) {
        var due = jdbc.sql("""
                SELECT id FROM mail_outbox
                WHERE sent_at IS NULL AND attempts < :max AND (sending_until IS NULL OR sending_until <= :now)
                ORDER BY created_at, id FETCH FIRST 100 ROWS ONLY""")
                .param("max", MAX_ATTEMPTS).param("now", now()).query(UUID.class).list();
        int sent = 0;
        for (var id : due) {
            if (Thread.currentThread().isInterrupted()) {
                break; // stopping: what is not claimed stays for the next run, here or elsewhere
            }
            var message = claim(id);
            if (message == null) {
                continue; // sent or claimed meanwhile by another instance
            }
            try {
                sender.send(new FixedMessage(message));
            } catch (MailException | MessagingException e) {
                log.warn("Sending mail {} failed: {}", id, e.getMessage());
                var error = String.valueOf(e.getMessage());
                jdbc.sql("""
                        UPDATE mail_outbox SET sending_until = NULL, last_error = :error
                        WHERE id = :id AND sending_by = :me AND sent_at IS NULL""")
                        .param("error", error.substring(0, Math.min(500, error.length()))).param("id", id)
                        .param("me", instance).update();
                continue;
            }
            jdbc.sql("UPDATE mail_outbox SET sent_at = :now, sending_until = NULL WHERE id = :id AND sent_at IS NULL")
                    .param("now", now()).param("id", id).update();
            sent++;
        }
        return sent;
    }

    /** Claims one attempt at the message and returns its bytes, composed now if this is its first attempt. */
    private String claim(UUID id) {
        var now = now();
        int claimed = jdbc.sql("""
                UPDATE mail_outbox SET sending_until = :until, sending_by = :me, attempts = attempts + 1,
                    in_doubt = in_doubt + CASE WHEN sending_until IS NULL THEN 0 ELSE 1 END,
                    last_error = CASE WHEN sending_until IS NULL THEN last_error ELSE :doubt END
                WHERE id = :id AND sent_at IS NULL AND attempts < :max AND (sending_until IS NULL OR sending_until <= :now)""")
                .param("until", now.plus(lease)).param("me", instance)
                .param("doubt", "An earlier attempt ended without a result (the sending instance stopped); "
                        + "sent again with the same Message-ID")
                .param("id", id).param("max", MAX_ATTEMPTS).param("now", now).update();
        if (claimed != 1) {
            return null;
        }
        var row = jdbc.sql("""
                SELECT idempotency_key, recipient, subject, body, encrypted, mime, created_at
                FROM mail_outbox WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)))
                .single();
        if (row.mime() != null) {
            return row.mime();
        }
        var messageId = PgpMime.messageId(row.key(), from);
        var mime = PgpMime.compose(openPgp, from, row.recipient(), row.subject(), messageId, row.createdAt(), row.body(),
                row.encrypted());
        jdbc.sql("UPDATE mail_outbox SET mime = :mime, message_id = :messageId WHERE id = :id AND mime IS NULL")
                .param("mime", mime).param("messageId", messageId).param("id", id).update();
        return mime;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private record Row(String key, String recipient, String subject, String body, String encrypted, String mime,
            OffsetDateTime createdAt) {}
}
