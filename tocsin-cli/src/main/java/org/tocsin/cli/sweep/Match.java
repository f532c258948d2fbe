package org.tocsin.cli.sweep;

/**
 * One (log line, indicator) match.
 *
 * @param file the log as it was named to sweep ({@code -} for standard input)
 * @param line the 1-based line number in that log
 * @param indicator the indicator that matched, with the value that matched
 * @param observed the observable as the log wrote it
 */
public record Match(String file, long line, IndicatorSet.Indicator indicator, String observed) {
}
