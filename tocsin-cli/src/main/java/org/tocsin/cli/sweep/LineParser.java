package org.tocsin.cli.sweep;

/**
 * Finds the observables of one line of a log format and hands each, typed, to a
 * {@link LineMatcher}. Implementations are stateless (or hold only what a file's header told
 * them), so one instance serves every scanning thread.
 */
interface LineParser {

    /**
     * Reports the observables of the line {@code b[from, to)} (without its line end).
     *
     * @return {@code false} if the line does not have the shape of the format; it is then
     *         counted as malformed
     */
    boolean parse(byte[] b, int from, int to, LineMatcher m);

    /**
     * When the line {@code b[from, to)} was written, in milliseconds since the epoch, or
     * {@link LogTime#UNKNOWN}. Called only for lines that matched.
     */
    default long time(byte[] b, int from, int to, LogTime times) {
        return LogTime.UNKNOWN;
    }
}
