package org.tocsin.stix;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A STIX timestamp: RFC 3339 in UTC with a {@code Z}, such as {@code 2016-05-12T08:17:27.000Z}.
 *
 * <p>Tocsin writes timestamps with exactly millisecond precision ({@link #toString()}), the
 * precision the specification requires for {@code created} and {@code modified}. It reads any
 * precision.
 *
 * @param instant the moment, truncated to the millisecond
 */
public record StixTimestamp(Instant instant) implements Comparable<StixTimestamp> {

    private static final DateTimeFormatter WRITTEN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Truncates the moment to the millisecond. */
    public StixTimestamp {
        instant = Objects.requireNonNull(instant, "instant").truncatedTo(ChronoUnit.MILLIS);
        if (instant.atOffset(ZoneOffset.UTC).getYear() < 0 || instant.atOffset(ZoneOffset.UTC).getYear() > 9999) {
            throw new IllegalArgumentException("A STIX timestamp has a four-digit year: " + instant);
        }
    }

    /**
     * Makes a timestamp of a moment, truncated to the millisecond.
     *
     * @param instant the moment
     * @return the timestamp
     */
    public static StixTimestamp of(Instant instant) {
        return new StixTimestamp(instant);
    }

    /**
     * Reads a STIX timestamp of any precision, such as {@code 2016-05-12T08:17:27Z} or
     * {@code 2016-05-12T08:17:27.123456Z}. A leap second ({@code 23:59:60}) reads as the last
     * millisecond of {@code 23:59:59}.
     *
     * @param text the text
     * @return the moment it stands for, with its full precision, or empty if the text is not a
     *         STIX timestamp (no {@code Z}, an offset, a date that does not exist, no seconds…)
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || problem(text) != null) {
            return Optional.empty();
        }
        int second = Integer.parseInt(text, 17, 19, 10);
        LocalDateTime time = LocalDateTime.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                Integer.parseInt(text, 8, 10, 10), Integer.parseInt(text, 11, 13, 10),
                Integer.parseInt(text, 14, 16, 10), Math.min(second, 59));
        long nanos = 0;
        if (second == 60) {
            nanos = 999_000_000;
        } else if (text.length() > 20) {
            nanos = Long.parseLong((text.substring(20, text.length() - 1) + "000000000").substring(0, 9));
        }
        return Optional.of(time.toInstant(ZoneOffset.UTC).plusNanos(nanos));
    }

    /**
     * Tells what is wrong with a timestamp's text.
     *
     * @return {@code null} if the text is a STIX timestamp, else what is wrong
     */
    static String problem(String t) {
        String expected = "expected a timestamp such as 2016-05-12T08:17:27.000Z";
        int n = t.length();
        if (n < 20 || n > 40 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return expected;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return expected;
            }
        }
        if (n > 20) {
            if (t.charAt(19) != '.' || n == 21) {
                return expected;
            }
            for (int i = 20; i < n - 1; i++) {
                if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                    return expected;
                }
            }
        }
        int year = Integer.parseInt(t, 0, 4, 10);
        int month = Integer.parseInt(t, 5, 7, 10);
        int day = Integer.parseInt(t, 8, 10, 10);
        if (month < 1 || month > 12 || day < 1 || !YearMonth.of(year, month).isValidDay(day)) {
            return "no such date: " + t.substring(0, 10);
        }
        int hour = Integer.parseInt(t, 11, 13, 10);
        int minute = Integer.parseInt(t, 14, 16, 10);
        int second = Integer.parseInt(t, 17, 19, 10);
        if (hour > 23 || minute > 59 || second > 60 || (second == 60 && (hour != 23 || minute != 59))) {
            return "no such time of day: " + t.substring(11, 19);
        }
        return null;
    }

    @Override
    public int compareTo(StixTimestamp other) {
        return instant.compareTo(other.instant);
    }

    /** @return the timestamp as STIX writes it, with milliseconds: {@code 2016-05-12T08:17:27.000Z} */
    @Override
    public String toString() {
        return WRITTEN.format(instant);
    }
}
