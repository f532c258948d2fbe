package org.tocsin.mail;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A message in the outbox; {@code sentAt} is null until an SMTP server accepted it.
 *
 * @param body the text, or for an encrypted message a note saying to which key
 * @param encryptedTo the fingerprint of the recipient's key the message is encrypted to, or null
 * @param messageId the Message-ID every attempt carries, fixed at the first attempt (null before)
 * @param inDoubt how many attempts ended without a result (the sending instance stopped during
 *     them), each of which may have reached the recipient
 */
public record OutboxMessage(UUID id, String recipient, String subject, String body, OffsetDateTime createdAt,
        OffsetDateTime sentAt, int attempts, String lastError, String encryptedTo, String messageId, int inDoubt) {}
