package org.tocsin.cli.sweep;

/**
 * Any text: finds every observable in a line by its shape. A word with {@code scheme://} is a URL
 * (its host is also a domain or address observable); {@code local@domain} is an e-mail address
 * (its domain is not a domain observable); a dotted quad or an IPv6 address is an address (a
 * port after it is dropped); 32, 40 or 64 hexadecimal digits are an MD5, SHA1 or SHA256 hash; and
 * a dotted name whose last label has a letter is a domain. Words end at white space, quotes and
 * brackets; trailing punctuation is not part of them. Used for logs of no known format; every
 * line is well formed.
 */
final class FreeText implements LineParser {

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        int i = from;
        while (i < to) {
            while (i < to && isBreak(b[i])) {
                i++;
            }
            int start = i;
            while (i < to && !isBreak(b[i])) {
                i++;
            }
            if (i > start) {
                word(b, start, i, m);
            }
        }
        return true;
    }

    // White space, quotes, brackets of all kinds, and '<' '>' end a word.
    private static boolean isBreak(byte c) {
        return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '(' || c == ')'
                || c == '{' || c == '}' || c == '`' || c == '|' || c == '\\' || c == '^' || c >= 0 && c < ' ';
    }

    private static boolean isTrailingPunctuation(byte c) {
        return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
    }

    private static void word(byte[] b, int from, int to, LineMatcher m) {
        while (to > from && isTrailingPunctuation(b[to - 1])) {
            to--;
        }
        while (from < to && (b[from] == ',' || b[from] == ';')) {
            from++;
        }
        if (from >= to) {
            return;
        }
        int sep = -1;
        for (int i = from; i + 2 < to; i++) {
            if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                sep = i;
                break;
            }
        }
        if (sep > from) {
            int scheme = sep;
            while (scheme > from && isSchemeChar(b[scheme - 1])) {
                scheme--;
            }
            if (scheme < sep && isLetter(b[scheme])) {
                m.url(b, scheme, to, SquidAccessLog.urlHost(b, scheme, to, m));
                return;
            }
        }
        // Not a URL: split at the characters no observable holds.
        int i = from;
        while (i < to) {
            while (i < to && !isTokenChar(b[i])) {
                i++;
            }
            int start = i;
            while (i < to && isTokenChar(b[i])) {
                i++;
            }
            if (i > start) {
                token(b, start, i, m);
            }
        }
    }

    private static boolean isSchemeChar(byte c) {
        return isLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
    }

    private static boolean isLetter(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isTokenChar(byte c) {
        return c < 0 || isLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':' || c == '@'
                || c == '%' || c == '+' || c == '[' || c == ']';
    }

    private static void token(byte[] b, int from, int to, LineMatcher m) {
        while (to > from && isTrailingPunctuation(b[to - 1])) {
            to--;
        }
        while (from < to && (b[from] == '.' || b[from] == ':' || b[from] == '-')) {
            from++;
        }
        if (from >= to) {
            return;
        }
        int at = -1;
        int colons = 0;
        int dots = 0;
        boolean hex = true;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '@') {
                at = i;
            } else if (c == ':') {
                colons++;
            } else if (c == '.') {
                dots++;
            }
            if (IpAddress.hexDigit(c) < 0) {
                hex = false;
            }
        }
        if (at >= 0) {
            if (at > from && at < to - 1 && colons == 0) {
                m.email(b, from, to);
            }
            return;
        }
        if (b[from] == '[') {
            int close = ByteSearch.indexOf(b, from, to, (byte) ']');
            if (close > from + 1) {
                m.ip(b, from + 1, close);
            }
            return;
        }
        if (hex) {
            int length = to - from;
            if (length == 32) {
                m.hash(IndicatorType.MD5, b, from, to);
            } else if (length == 40) {
                m.hash(IndicatorType.SHA1, b, from, to);
            } else if (length == 64) {
                m.hash(IndicatorType.SHA256, b, from, to);
            }
            return;
        }
        if (colons >= 2) {
            m.ip(b, from, to);
            return;
        }
        if (colons == 1) {
            int colon = ByteSearch.indexOf(b, from, to, (byte) ':');
            to = colon;   // host:port
            if (from >= to) {
                return;
            }
        }
        if (dots == 3 && IpAddress.parseV4(b, from, to) != IpAddress.NOT_V4) {
            m.ip(b, from, to);
            return;
        }
        if (dots > 0 && looksLikeDomain(b, from, to)) {
            m.domain(b, from, to);
        }
    }

    // Labels of letters, digits, '-' and '_' (or non-ASCII), none empty; the last holds a letter.
    private static boolean looksLikeDomain(byte[] b, int from, int to) {
        int labelStart = from;
        boolean letterInLabel = false;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '.') {
                if (i == labelStart) {
                    return false;
                }
                if (i == to) {
                    return letterInLabel;
                }
                labelStart = i + 1;
                letterInLabel = false;
                continue;
            }
            byte c = b[i];
            if (isLetter(c) || c < 0) {
                letterInLabel = true;
            } else if (!(c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return false;
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        return times.syslogAtStart(b, from, to);
    }
}
