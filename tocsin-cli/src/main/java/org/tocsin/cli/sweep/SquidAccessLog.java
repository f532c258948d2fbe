package org.tocsin.cli.sweep;

/**
 * Squid's native {@code access.log}: {@code time elapsed client code/status bytes method URL
 * user hierarchy/peer type}, fields separated by one or more spaces. Observables: the client
 * address, the URL (not for {@code CONNECT}, whose target is {@code host:port}), the host of the
 * URL or {@code CONNECT} target (a domain, or an address if it is an IP literal) and the peer
 * address after {@code HIER_.../}. The query string is part of the URL observable only.
 */
final class SquidAccessLog implements LineParser {

    private static final byte[] CONNECT = "CONNECT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        // Fields 2 (client), 5 (method), 6 (target) and 8 (hierarchy/peer) are observables; a
        // line needs at least ten fields.
        int clientFrom = 0, clientTo = 0, methodFrom = 0, methodTo = 0;
        int targetFrom = 0, targetTo = 0, hierFrom = 0, hierTo = 0;
        int fields = 0;
        int i = from;
        while (fields < 10) {
            while (i < to && b[i] == ' ') {
                i++;
            }
            if (i == to) {
                return false;
            }
            int s = i;
            i = ByteSearch.indexOf(b, i, to, (byte) ' ');
            if (i < 0) {
                i = to;
            }
            switch (fields++) {
                case 2 -> {
                    clientFrom = s;
                    clientTo = i;
                }
                case 5 -> {
                    methodFrom = s;
                    methodTo = i;
                }
                case 6 -> {
                    targetFrom = s;
                    targetTo = i;
                }
                case 8 -> {
                    hierFrom = s;
                    hierTo = i;
                }
                default -> {
                }
            }
        }
        m.ip(b, clientFrom, clientTo);
        boolean connect = methodTo - methodFrom == CONNECT.length && ByteSearch.startsWith(b, methodFrom, methodTo, CONNECT);
        if (connect) {
            host(b, targetFrom, targetTo, m);
        } else {
            m.url(b, targetFrom, targetTo, urlHost(b, targetFrom, targetTo, m));
        }
        int slash = ByteSearch.indexOf(b, hierFrom, hierTo, (byte) '/');
        if (slash >= 0 && !(hierTo - slash == 2 && b[slash + 1] == '-')) {
            m.ip(b, slash + 1, hierTo);
        }
        return true;
    }

    /** A {@code CONNECT} target: {@code host:port}, {@code [v6]:port}, or a bare host. */
    private static void host(byte[] b, int from, int to, LineMatcher m) {
        if (from < to && b[from] == '[') {
            int close = ByteSearch.indexOf(b, from, to, (byte) ']');
            if (close > from) {
                m.ip(b, from + 1, close);
            }
            return;
        }
        int colon = -1;
        int colons = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                colon = i;
                colons++;
            }
        }
        hostOrAddress(b, from, colons == 1 ? colon : to, m);
    }

    /**
     * Reports the host of an absolute URL, without user information and port; a target that is
     * not an absolute URL has no host to report.
     *
     * @return where the URL's scheme and host end (where path, query or fragment start), or
     *         {@code from} if it is not an absolute URL
     */
    static int urlHost(byte[] b, int from, int to, LineMatcher m) {
        int sep = -1;
        for (int i = from; i + 2 < to; i++) {
            if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            return from;
        }
        int hostFrom = sep + 3;
        int hostTo = to;
        int lowerEnd;
        for (int i = hostFrom; i < to; i++) {
            byte c = b[i];
            if (c == '/' || c == '?' || c == '#') {
                hostTo = i;
                break;
            }
        }
        lowerEnd = hostTo;
        for (int i = hostTo - 1; i >= hostFrom; i--) {
            if (b[i] == '@') {
                hostFrom = i + 1;
                break;
            }
        }
        if (hostFrom < hostTo && b[hostFrom] == '[') {
            int close = ByteSearch.indexOf(b, hostFrom, hostTo, (byte) ']');
            if (close > hostFrom) {
                m.ip(b, hostFrom + 1, close);
            }
            return lowerEnd;
        }
        int colon = -1;
        for (int i = hostTo - 1; i >= hostFrom; i--) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        hostOrAddress(b, hostFrom, colon >= 0 ? colon : hostTo, m);
        return lowerEnd;
    }

    /** A host that is an address if it looks like one (digits and dots, or a colon), else a domain. */
    static void hostOrAddress(byte[] b, int from, int to, LineMatcher m) {
        if (from == to) {
            return;
        }
        byte first = b[from];
        if (!(first >= '0' && first <= '9' || first == '.' || first == ':')) {
            // Most hosts start with a letter: a domain, unless an IPv6 address ("fe80::1").
            if (ByteSearch.indexOf(b, from, to, (byte) ':') >= 0) {
                m.ip(b, from, to);
            } else {
                m.domain(b, from, to);
            }
            return;
        }
        boolean digitsAndDots = true;
        boolean anyDigit = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == ':') {
                m.ip(b, from, to);
                return;
            }
            if (c >= '0' && c <= '9') {
                anyDigit = true;
            } else if (c != '.') {
                digitsAndDots = false;
            }
        }
        if (digitsAndDots && anyDigit) {
            m.ip(b, from, to);
        } else {
            m.domain(b, from, to);
        }
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        return times.epochAtStart(b, from, to);
    }
}
