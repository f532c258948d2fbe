package org.tocsin.advisory;

/** How much harm the threat an advisory warns of can do. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
