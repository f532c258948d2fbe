/**
 * The audit trail: an append-only, hash-chained record of security events that anyone with the
 * {@code AUDITOR} role can verify. Every other module writes to it through {@link org.tocsin.audit.AuditTrail}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package org.tocsin.audit;
