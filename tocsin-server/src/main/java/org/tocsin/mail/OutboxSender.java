package org.tocsin.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tocsin.cluster.ClusterLock;

/**
 * Sends queued messages through SMTP when a server is configured ({@code spring.mail.host}).
 * A message is marked sent only after the server accepted it; one instance sends at a time.
 */
@Component
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int MAX_ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> smtp;
    private final ClusterLock lock;
    private final Clock clock;
    private final String from;

    OutboxSender(JdbcClient jdbc, ObjectProvider<JavaMailSender> smtp, ClusterLock lock, Clock clock,
            @Value("${tocsin.mail.from:tocsin@localhost}") String from) {
        this.jdbc = jdbc;
        this.smtp = smtp;
        this.lock = lock;
        this.clock = clock;
        this.from = from;
    }

    @Scheduled(fixedDelayString = "${tocsin.mail.send-interval:5s}")
    void sendPending() {
        var sender = smtp.getIfAvailable();
        if (sender == null) {
            return; // default mode without SMTP: the outbox is the mailbox
        }
        lock.runExclusively("mail-outbox", Duration.ofMinutes(5), () -> sendBatch(sender));
    }

    int sendBatch(JavaMailSender sender) {
        var pending = jdbc.sql("""
                SELECT id, recipient, subject, body FROM mail_outbox
                WHERE sent_at IS NULL AND attempts < :max ORDER BY created_at FETCH FIRST 100 ROWS ONLY""")
                .param("max", MAX_ATTEMPTS)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        int sent = 0;
        for (var message : pending) {
            try {
                var mail = new SimpleMailMessage();
                mail.setFrom(from);
                mail.setTo(message.recipient());
                mail.setSubject(message.subject());
                mail.setText(message.body());
                sender.send(mail);
                jdbc.sql("UPDATE mail_outbox SET sent_at = :now, attempts = attempts + 1 WHERE id = :id")
                        .param("now", now()).param("id", message.id()).update();
                sent++;
            } catch (RuntimeException e) {
                log.warn("Sending mail {} failed: {}", message.id(), e.getMessage());
                jdbc.sql("UPDATE mail_outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id")
                        .param("error", String.valueOf(e.getMessage()).substring(0, Math.min(500, String.valueOf(e.getMessage()).length())))
                        .param("id", message.id()).update();
            }
        }
        return sent;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private record Pending(UUID id, String recipient, String subject, String body) {}
}
