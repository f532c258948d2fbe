/**
 * Outgoing mail through a transactional outbox: a message is queued in the same transaction as
 * the change that causes it and sent afterwards by one instance at a time, each at most once
 * (idempotency key). Without an SMTP server configured, messages stay in the local outbox that
 * administrators read in the portal.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"cluster"})
package org.tocsin.mail;
