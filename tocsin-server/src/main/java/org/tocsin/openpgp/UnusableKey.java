package org.tocsin.openpgp;

/**
 * A public key Tocsin cannot use, with the reason in words a person can act on ("it has no
 * encryption key", "it expired on 2026-01-31"). Callers turn it into their own kind of refusal.
 */
public class UnusableKey extends RuntimeException {

    UnusableKey(String message) {
        super(message, null, false, false);
    }
}
