package org.tocsin.stix.pattern;

/**
 * A STIX pattern that could not be read, with where and why.
 *
 * <p>The message always has the form {@code "at <position>: <what was wrong>"}, for example
 * {@code "at 23: expected ']' but found 'AND'"}, so that it can be shown to the person who wrote
 * the pattern as it is. The parts are also available on their own.
 */
public final class PatternException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String problem;

    PatternException(int position, String problem) {
        super("at " + position + ": " + problem);
        this.position = position;
        this.problem = problem;
    }

    /**
     * Returns where the problem is.
     *
     * @return the 0-based index, in UTF-16 code units of the pattern text (as {@link String#charAt}
     *         counts), of the first character of the offending text; the length of the text when
     *         the pattern ended too early
     */
    public int position() {
        return position;
    }

    /**
     * Returns what was wrong, without the position: for example
     * {@code "expected ']' but found 'AND'"}.
     *
     * @return the description of the problem
     */
    public String problem() {
        return problem;
    }
}
