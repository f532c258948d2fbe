package org.tocsin.stix.pattern;

import java.util.Objects;

/**
 * A value that an indicator looks for on its own: a domain, an address, a URL, an e-mail address
 * or a file hash, as written in the pattern (escapes removed, otherwise unchanged: no case
 * folding, and an address may be a CIDR range).
 *
 * @param kind what the value is
 * @param value the value, never {@code null}
 * @see Pattern#observables()
 */
public record Observable(Kind kind, String value) {

    /** What an observable value is, and the object path it comes from. */
    public enum Kind {
        /** {@code domain-name:value} */
        DOMAIN,
        /** {@code ipv4-addr:value}, an address or a CIDR range */
        IPV4,
        /** {@code ipv6-addr:value}, an address or a CIDR range */
        IPV6,
        /** {@code url:value} */
        URL,
        /** {@code email-addr:value} */
        EMAIL,
        /** {@code file:hashes.MD5} */
        MD5,
        /** {@code file:hashes.'SHA-1'} */
        SHA1,
        /** {@code file:hashes.'SHA-256'} */
        SHA256
    }

    /**
     * Creates an observable.
     *
     * @throws NullPointerException if {@code kind} or {@code value} is {@code null}
     */
    public Observable {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }
}
