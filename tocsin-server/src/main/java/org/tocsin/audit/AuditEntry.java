package org.tocsin.audit;

import java.time.OffsetDateTime;

/** One event in the audit trail: who did what to which thing, when, from where, and with what outcome. */
public record AuditEntry(long seq, OffsetDateTime at, String actor, String action, String target, Outcome outcome,
        String detail, String source, String previousHash, String hash) {

    AuditEntry withHash(String newHash) {
        return new AuditEntry(seq, at, actor, action, target, outcome, detail, source, previousHash, newHash);
    }
}
