package org.tocsin.leak;

/**
 * A place where copies differ: {@code arity} variants, one of which each copy carries.
 *
 * @param id its number in the document, from 0; a copy's codeword has one symbol per slot
 * @param kind what varies there
 * @param arity how many variants (2 or more)
 * @param label a short description for people (the variants, or the family)
 */
public record Slot(int id, Kind kind, int arity, String label) {

    /** What varies at a slot. */
    public enum Kind {
        /** Variants the author wrote, {@code {{warn|alert}}}. */
        MARKED,
        /** The order of a list the author marked {@code {{any order}}}. */
        ORDER,
        /** A phrase of the curated dictionary and its equivalents. */
        PHRASE,
        /** A spelling family (-ise or -ize, e-mail or email): every word of it switches together. */
        SPELLING,
        /** A comma before "and" or "or" that may be there or not: the serial (Oxford) comma, or one joining two clauses. */
        COMMA,
        /** A colon or a dash introducing what follows. */
        COLON_DASH
    }

    /** The information this slot carries, in bits. */
    public double bits() {
        return Math.log(arity) / Math.log(2);
    }
}
