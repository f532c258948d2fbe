/**
 * Sign-in and credentials: passwords (Argon2id), the mandatory second factor (TOTP with recovery
 * codes), lockout, sessions, personal API tokens, the security filter chains that make every
 * request pass a declared access rule, and the bootstrap of the first administrator.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"membership", "audit"})
package org.tocsin.identity;
