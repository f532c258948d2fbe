package org.tocsin.stix.pattern;

/** The operator of a comparison, with the pattern text it is written as. */
public enum ComparisonOperator {
    /** {@code =}, also written {@code ==} */
    EQUAL("="),
    /** {@code !=}, also written {@code <>} */
    NOT_EQUAL("!="),
    /** {@code <} */
    LESS_THAN("<"),
    /** {@code <=} */
    LESS_THAN_OR_EQUAL("<="),
    /** {@code >} */
    GREATER_THAN(">"),
    /** {@code >=} */
    GREATER_THAN_OR_EQUAL(">="),
    /** {@code IN}, membership of a set */
    IN("IN"),
    /** {@code LIKE}, an SQL-style match with {@code %} and {@code _} */
    LIKE("LIKE"),
    /** {@code MATCHES}, a PCRE regular expression */
    MATCHES("MATCHES"),
    /** {@code ISSUBSET}, an address within a CIDR range */
    IS_SUBSET("ISSUBSET"),
    /** {@code ISSUPERSET}, a CIDR range containing an address or range */
    IS_SUPERSET("ISSUPERSET");

    private final String text;

    ComparisonOperator(String text) {
        this.text = text;
    }

    /** @return the operator as written in a pattern, such as {@code "<="} or {@code "ISSUBSET"} */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
