/**
 * Outgoing mail through a transactional outbox: a message is queued in the same transaction as
 * the change that causes it (once per idempotency key) and sent afterwards, signed with the
 * service's OpenPGP key, and encrypted to the recipient's key when it carries confidential
 * content. Sending is at least once, with a duplicate possible only after a crash in the middle of
 * an attempt, and then byte for byte the same message (ADR 0008). Without an SMTP server
 * configured, messages stay in the local outbox that administrators read in the portal.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"cluster", "openpgp"})
package org.tocsin.mail;
