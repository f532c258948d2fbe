package org.tocsin.leak;

/**
 * The prose of an advisory that copies carry: the summary (plain text), the body and the technical
 * annex (Markdown). Any part may be null or empty.
 */
public record Wording(String summary, String body, String annex) {

    static final String[] FIELDS = {"summary", "body", "annex"};

    String part(int i) {
        return switch (i) {
            case 0 -> summary;
            case 1 -> body;
            default -> annex;
        };
    }

    static Wording of(String[] parts) {
        return new Wording(parts[0], parts[1], parts[2]);
    }
}
