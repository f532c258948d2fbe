package org.tocsin.cli.sweep;

import java.nio.charset.StandardCharsets;

/**
 * Sysmon events written as {@code key=value} text, one event a line (events 1 and 7 carry
 * {@code Hashes=SHA1=...,MD5=...,SHA256=...,IMPHASH=...}). Observables: the MD5, SHA1 and SHA256
 * values inside {@code Hashes=}, each for its own algorithm; {@code IMPHASH} is not a file hash.
 * A line is malformed if it has no {@code EventID=}.
 */
final class SysmonLog implements LineParser {

    private static final byte[] HASHES = " Hashes=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_ID = "EventID=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UTC_TIME = "UtcTime=\"".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        if (ByteSearch.indexOf(b, from, to, EVENT_ID) < 0) {
            return false;
        }
        int at = ByteSearch.indexOf(b, from, to, HASHES);
        if (at < 0) {
            return true;
        }
        int valueFrom = at + HASHES.length;
        int end = ByteSearch.endOfToken(b, valueFrom, to);
        hashList(b, valueFrom, end, m);
        return true;
    }

    /** {@code ALG=hex,ALG=hex,...}: reports each MD5, SHA1 and SHA256 (algorithm names in any case). */
    static void hashList(byte[] b, int from, int to, LineMatcher m) {
        int i = from;
        while (i <= to) {
            int comma = ByteSearch.indexOf(b, i, to, (byte) ',');
            int itemEnd = comma < 0 ? to : comma;
            int eq = ByteSearch.indexOf(b, i, itemEnd, (byte) '=');
            if (eq > i) {
                IndicatorType type = algorithm(b, i, eq);
                if (type != null) {
                    m.hash(type, b, eq + 1, itemEnd);
                }
            }
            if (comma < 0) {
                return;
            }
            i = comma + 1;
        }
    }

    static IndicatorType algorithm(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 3 && upper(b[from]) == 'M' && upper(b[from + 1]) == 'D' && b[from + 2] == '5') {
            return IndicatorType.MD5;
        }
        if (len == 4 && upper(b[from]) == 'S' && upper(b[from + 1]) == 'H' && upper(b[from + 2]) == 'A'
                && b[from + 3] == '1') {
            return IndicatorType.SHA1;
        }
        if (len == 6 && upper(b[from]) == 'S' && upper(b[from + 1]) == 'H' && upper(b[from + 2]) == 'A'
                && b[from + 3] == '2' && b[from + 4] == '5' && b[from + 5] == '6') {
            return IndicatorType.SHA256;
        }
        return null;
    }

    private static int upper(byte c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        long start = times.isoAtStart(b, from, to);
        return start != LogTime.UNKNOWN ? start : times.quotedUtc(b, from, to, UTC_TIME);
    }
}
