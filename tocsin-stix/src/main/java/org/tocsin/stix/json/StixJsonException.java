package org.tocsin.stix.json;

/**
 * STIX JSON that could not be read: not JSON, not the shape of a bundle or object, or past one of
 * the {@link ReadLimits}. The message names where — line, column and the path to the value, such
 * as {@code objects[5].labels[2]} — and what was wrong, for example
 * {@code "line 3, column 17 at objects[5].labels: string of 8000001 characters is longer than 8000000"}.
 */
public final class StixJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String path;
    private final String problem;

    StixJsonException(int line, int column, String path, String problem, Throwable cause) {
        super(describe(line, column, path) + problem, cause);
        this.line = line;
        this.column = column;
        this.path = path;
        this.problem = problem;
    }

    private static String describe(int line, int column, String path) {
        StringBuilder where = new StringBuilder();
        if (line > 0) {
            where.append("line ").append(line).append(", column ").append(column);
        }
        if (!path.isEmpty()) {
            where.append(where.isEmpty() ? "at " : " at ").append(path);
        }
        return where.isEmpty() ? "" : where.append(": ").toString();
    }

    /** @return the 1-based line of the problem, or 0 if unknown */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the problem, or 0 if unknown */
    public int column() {
        return column;
    }

    /** @return the path to the value at fault, such as {@code objects[5].labels}; empty for the whole document */
    public String path() {
        return path;
    }

    /** @return what was wrong, without where */
    public String problem() {
        return problem;
    }
}
