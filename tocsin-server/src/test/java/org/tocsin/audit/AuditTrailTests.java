package org.tocsin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.tocsin.TocsinTest;

/**
 * The chain detects every kind of tampering. Each test tampers with the database, so the context
 * (and with it the database) is thrown away after each one.
 */
@TocsinTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class AuditTrailTests {

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void writeSomeEntries() {
        for (int i = 0; i < 5; i++) {
            trail.record("tester", "test.event", "thing:" + i, Outcome.SUCCESS, "entry " + i);
        }
    }

    @Test
    void verifiesAnUntouchedChain() {
        var result = trail.verify();
        assertThat(result.valid()).isTrue();
        assertThat(result.entries()).isGreaterThanOrEqualTo(5);
        assertThat(result.brokenAt()).isNull();
    }

    @Test
    void detectsAChangedEntry() {
        long seq = seqOf("thing:2");
        jdbc.sql("UPDATE audit_entry SET detail = 'nothing happened' WHERE seq = :seq").param("seq", seq).update();
        var result = trail.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(seq);
        assertThat(result.problem()).contains("altered");
    }

    @Test
    void detectsAChangedEntryWhoseHashWasRecomputedNaively() {
        long seq = seqOf("thing:2");
        jdbc.sql("UPDATE audit_entry SET actor = 'someone else', hash = :fake WHERE seq = :seq")
                .param("fake", "f".repeat(64)).param("seq", seq).update();
        var result = trail.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(seq);
    }

    @Test
    void detectsADeletedEntry() {
        long seq = seqOf("thing:1");
        jdbc.sql("DELETE FROM audit_entry WHERE seq = :seq").param("seq", seq).update();
        var result = trail.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(seq);
        assertThat(result.problem()).contains("missing");
    }

    @Test
    void detectsTheNewestEntriesDeleted() {
        long seq = seqOf("thing:4");
        jdbc.sql("DELETE FROM audit_entry WHERE seq = :seq").param("seq", seq).update();
        var result = trail.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.problem()).contains("ends at entry");
    }

    @Test
    void detectsAnInsertedEntry() {
        long seq = seqOf("thing:2");
        // Make room by moving later entries up one, then insert a forged entry in the gap.
        jdbc.sql("UPDATE audit_entry SET seq = seq + 1000 WHERE seq > :seq").param("seq", seq).update();
        jdbc.sql("UPDATE audit_entry SET seq = seq - 999 WHERE seq > :seq").param("seq", seq + 999).update();
        var previous = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = :seq").param("seq", seq).query(String.class).single();
        jdbc.sql("""
                INSERT INTO audit_entry (seq, at, actor, action, target, outcome, detail, source, prev_hash, hash)
                SELECT :next, at, 'forger', action, target, outcome, 'forged', source, :prev, :hash FROM audit_entry WHERE seq = :seq""")
                .param("next", seq + 1).param("prev", previous).param("hash", "a".repeat(64)).param("seq", seq).update();
        var result = trail.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(seq + 1);
    }

    @Test
    void writesLineBreaksVisiblySoNoEntryCanForgeAnother() {
        var entry = trail.record("tester", "test.event", "thing", Outcome.SUCCESS, "one\nFAKE ENTRY\r\u0007");
        assertThat(entry.detail()).isEqualTo("one\\nFAKE ENTRY\\r\\u0007");
        assertThat(trail.verify().valid()).isTrue();
    }

    private long seqOf(String target) {
        return jdbc.sql("SELECT seq FROM audit_entry WHERE target = :target").param("target", target).query(Long.class).single();
    }
}
