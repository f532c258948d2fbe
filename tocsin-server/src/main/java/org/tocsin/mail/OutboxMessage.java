package org.tocsin.mail;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A message in the outbox; {@code sentAt} is null until an SMTP server accepted it. */
public record OutboxMessage(UUID id, String recipient, String subject, String body, OffsetDateTime createdAt,
        OffsetDateTime sentAt, int attempts, String lastError) {}
