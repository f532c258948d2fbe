package org.tocsin.cli.sweep;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Reads when a log line was written, in the ways the log formats write it. Only lines that
 * matched are ever read for their time, so none of this is on the scanning path.
 *
 * <p>Times written without a zone (BIND's query log, classic syslog) are read in the zone given;
 * syslog's classic stamp has no year either, so it takes the year that puts it not later than a
 * day after the reference instant (a log of late December swept in January is last year's).
 */
public final class LogTime {

    /** What {@code time} answers for a line whose time it cannot read. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final DateTimeFormatter BIND = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("dd-MMM-uuuu HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd().toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter SYSLOG = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("MMM ppd HH:mm:ss").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter COMBINED = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("dd/MMM/uuuu:HH:mm:ss Z").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter LOCAL_ISO = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ENGLISH);

    private final ZoneId zone;
    private final Instant reference;

    /**
     * @param zone the zone of times written without one
     * @param reference about when the logs were written at the latest (the sweep's start), for
     *                  stamps without a year
     */
    public LogTime(ZoneId zone, Instant reference) {
        this.zone = zone;
        this.reference = reference;
    }

    /** Seconds since the epoch, with a fraction, at the start of the line (squid, Zeek). */
    long epochAtStart(byte[] b, int from, int to) {
        int i = from;
        long seconds = 0;
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9' && digits < 12) {
            seconds = seconds * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits < 9 || i < to && b[i] >= '0' && b[i] <= '9') {
            return UNKNOWN;
        }
        long millis = seconds * 1000;
        if (i < to && b[i] == '.') {
            i++;
            int scale = 100;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                millis += (b[i++] - '0') * scale;
                scale /= 10;
            }
        }
        return millis;
    }

    /** BIND's {@code 26-Nov-2025 00:00:00.029} at the start of the line, in the zone given. */
    long bindAtStart(byte[] b, int from, int to) {
        String text = text(b, from, to, 24);
        int end = text.indexOf(' ', text.indexOf(' ') + 1);
        return local(end < 0 ? text : text.substring(0, end), BIND);
    }

    /**
     * A syslog line's time: an ISO 8601 stamp (RFC 5424, rsyslog's high-precision form) or the
     * classic {@code Nov 26 00:00:00} at the start of the line.
     */
    long syslogAtStart(byte[] b, int from, int to) {
        long iso = isoAtStart(b, from, to);
        if (iso != UNKNOWN) {
            return iso;
        }
        String text = text(b, from, to, 15);
        if (text.length() < 15) {
            return UNKNOWN;
        }
        try {
            var parsed = SYSLOG.parse(text);
            int year = ZonedDateTime.ofInstant(reference, zone).getYear();
            ZonedDateTime time = LocalDateTime.of(year, parsed.get(ChronoField.MONTH_OF_YEAR),
                    parsed.get(ChronoField.DAY_OF_MONTH), parsed.get(ChronoField.HOUR_OF_DAY),
                    parsed.get(ChronoField.MINUTE_OF_HOUR), parsed.get(ChronoField.SECOND_OF_MINUTE)).atZone(zone);
            if (time.toInstant().isAfter(reference.plusSeconds(86_400))) {
                time = time.minusYears(1);
            }
            return time.toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * An ISO 8601 time at the start of the line ({@code 2025-11-26T00:00:00.123Z}, with an offset,
     * or without one in the zone given; a space may stand for the {@code T}).
     */
    long isoAtStart(byte[] b, int from, int to) {
        if (to - from < 19 || b[from + 4] != '-' || b[from + 7] != '-') {
            return UNKNOWN;
        }
        int end = from + 19;
        while (end < to && b[end] != ' ' && b[end] != '\t' && b[end] != '"' && b[end] != ',' && end - from < 40) {
            end++;
        }
        return iso(new String(b, from, end - from, StandardCharsets.ISO_8859_1));
    }

    /** The first {@code [dd/MMM/yyyy:HH:mm:ss +zzzz]} of an Apache or nginx line. */
    long combined(byte[] b, int from, int to) {
        int open = ByteSearch.indexOf(b, from, to, (byte) '[');
        if (open < 0 || to - open < 28 || b[open + 27] != ']') {
            return UNKNOWN;
        }
        try {
            return OffsetDateTime.parse(new String(b, open + 1, 26, StandardCharsets.ISO_8859_1), COMBINED)
                    .toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return UNKNOWN;
        }
    }

    /** The value of a JSON field (a string stamp, or seconds since the epoch as Zeek writes {@code ts}). */
    long jsonField(byte[] b, int from, int to, byte[] quotedName) {
        int at = ByteSearch.indexOf(b, from, to, quotedName);
        if (at < 0) {
            return UNKNOWN;
        }
        int i = at + quotedName.length;
        while (i < to && (b[i] == ' ' || b[i] == ':')) {
            i++;
        }
        if (i < to && b[i] == '"') {
            int close = ByteSearch.indexOf(b, i + 1, to, (byte) '"');
            return close < 0 || close - i > 41 ? UNKNOWN : iso(new String(b, i + 1, close - i - 1, StandardCharsets.ISO_8859_1));
        }
        return epochAtStart(b, i, to);
    }

    /** The first {@code key="yyyy-MM-dd HH:mm:ss.SSS"} (Sysmon's {@code UtcTime}), read as UTC. */
    long quotedUtc(byte[] b, int from, int to, byte[] keyAndQuote) {
        int at = ByteSearch.indexOf(b, from, to, keyAndQuote);
        if (at < 0) {
            return UNKNOWN;
        }
        int start = at + keyAndQuote.length;
        int close = ByteSearch.indexOf(b, start, to, (byte) '"');
        if (close < 0 || close - start > 40) {
            return UNKNOWN;
        }
        try {
            return LocalDateTime.parse(new String(b, start, close - start, StandardCharsets.ISO_8859_1), LOCAL_ISO)
                    .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return UNKNOWN;
        }
    }

    private long iso(String text) {
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return local(text, LOCAL_ISO);
        }
    }

    private long local(String text, DateTimeFormatter format) {
        try {
            return LocalDateTime.parse(text, format).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return UNKNOWN;
        }
    }

    private static String text(byte[] b, int from, int to, int most) {
        return new String(b, from, Math.min(to - from, most), StandardCharsets.ISO_8859_1);
    }
}
