package org.tocsin.cli.sweep;

import java.nio.charset.StandardCharsets;

/**
 * BIND 9's query log: {@code ... client @0x7f... 10.1.2.3#53530 (www.example.com): query:
 * www.example.com IN A +E(0)K (10.0.0.53)}. Observables: the client address and the query name.
 * The {@code @0x...} client object is optional, as older versions of BIND do not write it; the
 * server address at the end is the member's own.
 */
final class BindQueryLog implements LineParser {

    private static final byte[] CLIENT = " client ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUERY = " query: ".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        int at = from;
        while (true) {
            int client = ByteSearch.indexOf(b, at, to, CLIENT);
            if (client < 0) {
                return false;
            }
            at = client + 1;
            if (query(b, client + CLIENT.length, to, m)) {
                return true;
            }
        }
    }

    // Reads "[@ptr ]address#port (name): query: " at i, reporting the two observables.
    private static boolean query(byte[] b, int i, int to, LineMatcher m) {
        if (i < to && b[i] == '@') {
            int end = ByteSearch.endOfToken(b, i + 1, to);
            if (end == i + 1 || end >= to || b[end] != ' ') {
                return false;
            }
            i = end + 1;
        }
        int addressEnd = ByteSearch.endOfToken(b, i, to);
        int hash = -1;
        for (int k = addressEnd - 1; k >= i; k--) {
            if (b[k] == '#') {
                hash = k;
                break;
            }
        }
        if (hash <= i || hash == addressEnd - 1) {
            return false;
        }
        for (int k = hash + 1; k < addressEnd; k++) {
            if (b[k] < '0' || b[k] > '9') {
                return false;
            }
        }
        if (addressEnd + 2 > to || b[addressEnd] != ' ' || b[addressEnd + 1] != '(') {
            return false;
        }
        int nameFrom = addressEnd + 2;
        int nameEnd = ByteSearch.endOfToken(b, nameFrom, to);
        if (nameEnd - nameFrom < 3 || b[nameEnd - 2] != ')' || b[nameEnd - 1] != ':'
                || !ByteSearch.startsWith(b, nameEnd, to, QUERY)) {
            return false;
        }
        m.ip(b, i, hash);
        m.domain(b, nameFrom, nameEnd - 2);
        return true;
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        return times.bindAtStart(b, from, to);
    }
}
