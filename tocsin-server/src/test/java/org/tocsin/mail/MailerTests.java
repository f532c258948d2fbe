package org.tocsin.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.TocsinTest;

/**
 * Queueing in batches keeps the outbox's promise: each idempotency key is queued once, whatever came
 * before, and when some keys were queued before, the others still are and nothing else is left behind.
 */
@TocsinTest
class MailerTests {

    @Autowired
    Mailer mailer;

    @Autowired
    JdbcClient jdbc;

    @Test
    void queueAllQueuesFreshKeysInBatchesAndARepeatedKeyOnce() {
        var prefix = "test:" + UUID.randomUUID() + ":";
        var messages = new ArrayList<Mailer.Message>();
        for (int i = 0; i < 2100; i++) {
            messages.add(new Mailer.Message(prefix + i, "person" + i + "@test.example", "Subject", "Body " + i));
        }
        messages.add(new Mailer.Message(prefix + "3", "again@test.example", "Twice", "the same key again"));

        assertThat(mailer.queueAll(messages)).isEqualTo(2100);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE idempotency_key LIKE :p").param("p", prefix + "%")
                .query(Integer.class).single()).isEqualTo(2100);
        assertThat(jdbc.sql("SELECT recipient FROM mail_outbox WHERE idempotency_key = :k").param("k", prefix + "3")
                .query(String.class).single()).isEqualTo("person3@test.example");
    }

    @Test
    void queueAllQueuesEachKeyOnceAcrossBatchesAndEarlierMessages() {
        var prefix = "test:" + UUID.randomUUID() + ":";
        assertThat(mailer.queue(prefix + "0", "zero@test.example", "Earlier", "queued before")).isTrue();
        var messages = new ArrayList<Mailer.Message>();
        for (int i = 0; i < 2500; i++) {
            messages.add(new Mailer.Message(prefix + i, "person" + i + "@test.example", "Subject", "Body " + i));
        }
        messages.add(new Mailer.Message(prefix + "7", "again@test.example", "Twice", "the same key again"));

        assertThat(mailer.queueAll(messages)).isEqualTo(2499);
        assertThat(mailer.queueAll(messages)).isZero();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE idempotency_key LIKE :p").param("p", prefix + "%")
                .query(Integer.class).single()).isEqualTo(2500);
        assertThat(jdbc.sql("SELECT subject, body, recipient FROM mail_outbox WHERE idempotency_key IN (:keys) ORDER BY recipient")
                .param("keys", List.of(prefix + "0", prefix + "7"))
                .query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3)).list())
                .containsExactly("Subject|Body 7|person7@test.example", "Earlier|queued before|zero@test.example");
    }
}
