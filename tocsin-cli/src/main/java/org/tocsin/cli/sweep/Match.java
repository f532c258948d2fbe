package org.tocsin.cli.sweep;

/**
 * One (log line, indicator) match.
 *
 * @param file the log as it was named to sweep ({@code -} for standard input)
 * @param line the 1-based line number in that log
 * @param indicator the indicator that matched, with the value that matched
 * @param observed the observable as the log wrote it
 * @param seen when the line was written, in milliseconds since the epoch, or
 *             {@link LogTime#UNKNOWN} if its format gives no time or it could not be read
 */
public record Match(String file, long line, IndicatorSet.Indicator indicator, String observed, long seen) {
}
