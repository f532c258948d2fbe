package org.tocsin.membership;

/**
 * A request that cannot be carried out, with what a caller needs to correct it: the field at fault
 * (or null when the request as a whole is refused) and a message in plain words. Nothing has been
 * changed when one is thrown. The web layer turns it into a problem detail or a form error.
 */
public class Refusal extends RuntimeException {

    /** What kind of refusal: bad input, an item the caller may not see, or a clash with the current state. */
    public enum Kind {
        INVALID, NOT_FOUND, CONFLICT
    }

    private final Kind kind;
    private final String field;

    private Refusal(Kind kind, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    public static Refusal invalid(String field, String message) {
        return new Refusal(Kind.INVALID, field, message);
    }

    /** The same answer whether the item does not exist or the caller may not see it. */
    public static Refusal notFound(String what) {
        return new Refusal(Kind.NOT_FOUND, null, what + " not found");
    }

    public static Refusal conflict(String message) {
        return new Refusal(Kind.CONFLICT, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
