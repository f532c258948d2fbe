package org.tocsin.cli.sweep;

import java.util.Locale;

/**
 * The kinds of observable that sweep can look for, as the TSV indicator form names them
 * ({@code domain}, {@code ipv4}, ...). An address type covers single addresses and CIDR ranges.
 */
public enum IndicatorType {
    DOMAIN, IPV4, IPV6, URL, EMAIL, MD5, SHA1, SHA256;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The name used in the TSV form and in sweep's output: {@code domain}, {@code ipv4}, ... */
    public String label() {
        return label;
    }

    /**
     * The type a TSV label names, ignoring case, or {@code null} for a label that names none.
     */
    public static IndicatorType ofLabel(String label) {
        for (IndicatorType type : values()) {
            if (type.label.equalsIgnoreCase(label)) {
                return type;
            }
        }
        return null;
    }

    // Mixed into every key, so that equal text of two types (an MD5 and a 32-character URL,
    // say) never shares a slot of the index.
    long tag() {
        return (ordinal() + 1) * 0x9E3779B97F4A7C15L;
    }
}
