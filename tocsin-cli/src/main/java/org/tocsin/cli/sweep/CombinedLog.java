package org.tocsin.cli.sweep;

/**
 * Apache's and nginx's combined log format, {@code client ident user [time] "METHOD target
 * PROTOCOL" status bytes "referer" "user-agent"}, also with a leading {@code vhost:port} (Apache's
 * vhost_combined) and with fields after the user agent. Observables: the client (an address, or
 * a host name when addresses are resolved), the request target when it is an absolute URL (a
 * forward proxy's log) or a {@code CONNECT host:port}, with its host, and the referer URL with its
 * host. A path alone names no host, so it is no observable.
 */
final class CombinedLog implements LineParser {

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        int open = ByteSearch.indexOf(b, from, to, (byte) '[');
        if (open < 0) {
            return false;
        }
        int close = ByteSearch.indexOf(b, open, to, (byte) ']');
        if (close < 0 || close + 2 >= to || b[close + 1] != ' ' || b[close + 2] != '"') {
            return false;
        }
        // Three fields before the time, or four with a leading vhost:port.
        int[] starts = new int[5];
        int[] ends = new int[5];
        int fields = 0;
        int i = from;
        while (i < open) {
            while (i < open && b[i] == ' ') {
                i++;
            }
            if (i == open) {
                break;
            }
            if (fields == 5) {
                return false;
            }
            starts[fields] = i;
            while (i < open && b[i] != ' ') {
                i++;
            }
            ends[fields++] = i;
        }
        if (fields != 3 && fields != 4) {
            return false;
        }
        int client = fields - 3;
        SquidAccessLog.hostOrAddress(b, starts[client], ends[client], m);
        int requestFrom = close + 3;
        int requestTo = quoteEnd(b, requestFrom, to);
        if (requestTo < 0) {
            return false;
        }
        int method = ByteSearch.indexOf(b, requestFrom, requestTo, (byte) ' ');
        if (method > requestFrom) {
            int targetFrom = method + 1;
            int targetTo = ByteSearch.indexOf(b, targetFrom, requestTo, (byte) ' ');
            if (targetTo < 0) {
                targetTo = requestTo;
            }
            if (method - requestFrom == 7 && b[requestFrom] == 'C' && b[requestFrom + 1] == 'O') {
                int colon = -1;
                for (int k = targetTo - 1; k >= targetFrom; k--) {
                    if (b[k] == ':') {
                        colon = k;
                        break;
                    }
                }
                SquidAccessLog.hostOrAddress(b, targetFrom, colon > targetFrom ? colon : targetTo, m);
            } else {
                absoluteUrl(b, targetFrom, targetTo, m);
            }
        }
        // status and bytes, then the quoted referer
        int q = requestTo + 1;
        for (int f = 0; f < 2; f++) {
            while (q < to && b[q] == ' ') {
                q++;
            }
            while (q < to && b[q] != ' ') {
                q++;
            }
        }
        while (q < to && b[q] == ' ') {
            q++;
        }
        if (q < to && b[q] == '"') {
            int refererTo = quoteEnd(b, q + 1, to);
            if (refererTo > q + 1) {
                absoluteUrl(b, q + 1, refererTo, m);
            }
        }
        return true;
    }

    private static void absoluteUrl(byte[] b, int from, int to, LineMatcher m) {
        int lowerEnd = SquidAccessLog.urlHost(b, from, to, m);
        if (lowerEnd > from) {
            m.url(b, from, to, lowerEnd);
        }
    }

    // The closing quote of a quoted field (backslash escapes a quote), or -1.
    private static int quoteEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        return times.combined(b, from, to);
    }
}
