package org.tocsin.cli.sweep;

/**
 * Postfix's syslog lines. Observables: host and address in {@code connect from H[IP]},
 * {@code disconnect from H[IP]}, {@code client=H[IP]}, {@code RCPT from H[IP]} and
 * {@code relay=H[IP]} (the host is a domain unless it is {@code unknown}), and the addresses in
 * {@code from=<...>} and {@code to=<...>}. The message-id, and the domain part of an address,
 * are not observables.
 */
final class PostfixLog implements LineParser {

    private static final byte[][] HOST_KEYS = {
            bytes("connect from"), bytes("client="), bytes("RCPT from"), bytes("relay=")};
    private static final byte[] UNKNOWN = bytes("unknown");

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        if (!syslog(b, from, to)) {
            return false;
        }
        hosts(b, from, to, m);
        addresses(b, from, to, m);
        return true;
    }

    // "Nov 26 00:00:00 host ..." or an RFC 3339 time stamp "2025-11-26T00:00:00...".
    private static boolean syslog(byte[] b, int from, int to) {
        if (to - from < 16) {
            return false;
        }
        boolean bsd = isLetter(b[from]) && isLetter(b[from + 1]) && isLetter(b[from + 2]) && b[from + 3] == ' '
                && b[from + 9] == ':' && b[from + 12] == ':';
        boolean iso = isDigit(b[from]) && isDigit(b[from + 3]) && b[from + 4] == '-' && b[from + 7] == '-'
                && b[from + 10] == 'T';
        return bsd || iso;
    }

    private static boolean isLetter(byte c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    // (?:connect from|client=|RCPT from|relay=) ?([^\s\[\]]+)\[([^\]]+)\] , every match
    private static void hosts(byte[] b, int from, int to, LineMatcher m) {
        int i = from;
        while (true) {
            int open = ByteSearch.indexOf(b, i, to, (byte) '[');
            if (open < 0) {
                return;
            }
            int matchEnd = hostAt(b, i, open, to, m);
            i = matchEnd > 0 ? matchEnd : open + 1;
        }
    }

    // Tries the host pattern for the '[' at open, with the key searched from i onwards.
    private static int hostAt(byte[] b, int i, int open, int to, LineMatcher m) {
        int runFrom = open;
        while (runFrom > i && !ByteSearch.isSpace(b[runFrom - 1]) && b[runFrom - 1] != '[' && b[runFrom - 1] != ']') {
            runFrom--;
        }
        // The leftmost key that ends where the host begins or at the space before it, or a key
        // ending in '=' inside the run of host characters.
        int hostFrom = -1;
        for (int k = Math.max(i, runFrom - 13); k < open && hostFrom < 0; k++) {
            byte c = b[k];
            if (c != 'c' && c != 'R' && c != 'r') {
                continue;
            }
            for (byte[] key : HOST_KEYS) {
                if (!ByteSearch.startsWith(b, k, open, key)) {
                    continue;
                }
                int after = k + key.length;
                if (after < open && b[after] == ' ') {
                    after++;
                }
                if (after >= runFrom && after < open) {
                    hostFrom = after;
                    break;
                }
            }
        }
        if (hostFrom < 0) {
            return -1;
        }
        int close = ByteSearch.indexOf(b, open + 1, to, (byte) ']');
        if (close < 0 || close == open + 1) {
            return -1;
        }
        m.ip(b, open + 1, close);
        if (!(open - hostFrom == UNKNOWN.length && ByteSearch.startsWith(b, hostFrom, open, UNKNOWN))) {
            m.domain(b, hostFrom, open);
        }
        return close + 1;
    }

    // \b(?:from|to)=<([^>]*)> , every match
    private static void addresses(byte[] b, int from, int to, LineMatcher m) {
        int i = from;
        while (true) {
            int lt = ByteSearch.indexOf(b, i, to, (byte) '<');
            if (lt < 0) {
                return;
            }
            i = lt + 1;
            int keyFrom;
            if (lt - from >= 5 && b[lt - 1] == '=' && b[lt - 5] == 'f' && b[lt - 4] == 'r' && b[lt - 3] == 'o'
                    && b[lt - 2] == 'm') {
                keyFrom = lt - 5;
            } else if (lt - from >= 3 && b[lt - 1] == '=' && b[lt - 3] == 't' && b[lt - 2] == 'o') {
                keyFrom = lt - 3;
            } else {
                continue;
            }
            if (keyFrom > from && isWord(b[keyFrom - 1])) {
                continue;
            }
            int gt = ByteSearch.indexOf(b, lt + 1, to, (byte) '>');
            if (gt < 0) {
                return;
            }
            if (gt > lt + 1) {
                m.email(b, lt + 1, gt);
            }
            i = gt + 1;
        }
    }

    private static boolean isWord(byte c) {
        return c < 0 || c == '_' || isLetter(c) || isDigit(c);
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        return times.syslogAtStart(b, from, to);
    }
}
