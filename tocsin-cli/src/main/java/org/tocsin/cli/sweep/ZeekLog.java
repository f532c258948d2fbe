package org.tocsin.cli.sweep;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Zeek's tab-separated logs (conn, dns, http, ssl, files, smtp and others), read by the column
 * names of the {@code #fields} header at the top of the file. Observables: {@code id.orig_h} and
 * {@code id.resp_h}; a DNS query and its answers; an HTTP host, its URL ({@code http://} + host +
 * URI) and referrer; a TLS server name; file hashes and the hosts a file went between; SMTP
 * senders and recipients. Sets ({@code a,b,c}) give each member; {@code -} and {@code (empty)} give
 * nothing. Header lines ({@code #...}) are skipped.
 */
final class ZeekLog implements LineParser {

    private enum Kind { IP, DOMAIN, HOST, HTTP_HOST, URI, URL, EMAIL, MD5, SHA1, SHA256 }

    private final Kind[] columns;
    private final int hostColumn;

    private ZeekLog(Kind[] columns, int hostColumn) {
        this.columns = columns;
        this.hostColumn = hostColumn;
    }

    /** The reader for a log whose first lines are {@code head}, or {@code null} if they have no #fields line. */
    static ZeekLog of(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.startsWith("#fields\t")) {
                continue;
            }
            String[] names = line.substring("#fields\t".length()).strip().split("\t");
            List<Kind> kinds = new ArrayList<>();
            int host = -1;
            for (int i = 0; i < names.length; i++) {
                Kind k = switch (names[i]) {
                    case "id.orig_h", "id.resp_h", "tx_hosts", "rx_hosts" -> Kind.IP;
                    case "query", "server_name" -> Kind.DOMAIN;
                    case "answers" -> Kind.HOST;
                    case "host" -> Kind.HTTP_HOST;
                    case "uri" -> Kind.URI;
                    case "referrer" -> Kind.URL;
                    case "mailfrom", "rcptto" -> Kind.EMAIL;
                    case "md5" -> Kind.MD5;
                    case "sha1" -> Kind.SHA1;
                    case "sha256" -> Kind.SHA256;
                    default -> null;
                };
                if (k == Kind.HTTP_HOST) {
                    host = i;
                }
                kinds.add(k);
            }
            return new ZeekLog(kinds.toArray(Kind[]::new), host);
        }
        return null;
    }

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        if (from == to || b[from] == '#') {
            return true;
        }
        int column = 0;
        int i = from;
        int hostFrom = -1;
        int hostTo = -1;
        int uriFrom = -1;
        int uriTo = -1;
        while (i <= to && column < columns.length) {
            int tab = ByteSearch.indexOf(b, i, to, (byte) '\t');
            int end = tab < 0 ? to : tab;
            Kind k = columns[column];
            if (k != null && !unset(b, i, end)) {
                if (k == Kind.HTTP_HOST) {
                    hostFrom = i;
                    hostTo = end;
                } else if (k == Kind.URI) {
                    uriFrom = i;
                    uriTo = end;
                }
                set(k, b, i, end, m);
            }
            column++;
            if (tab < 0) {
                break;
            }
            i = tab + 1;
        }
        if (column < columns.length) {
            return false;
        }
        if (hostFrom >= 0 && uriFrom >= 0 && uriTo > uriFrom && b[uriFrom] == '/') {
            byte[] url = new byte[7 + hostTo - hostFrom + uriTo - uriFrom];
            System.arraycopy("http://".getBytes(StandardCharsets.US_ASCII), 0, url, 0, 7);
            System.arraycopy(b, hostFrom, url, 7, hostTo - hostFrom);
            System.arraycopy(b, uriFrom, url, 7 + hostTo - hostFrom, uriTo - uriFrom);
            m.url(url, 0, url.length, 7 + hostTo - hostFrom);
        }
        return true;
    }

    private static boolean unset(byte[] b, int from, int to) {
        return to == from || to - from == 1 && b[from] == '-'
                || to - from == 7 && new String(b, from, 7, StandardCharsets.US_ASCII).equals("(empty)");
    }

    // A set "a,b,c" gives each member.
    private static void set(Kind k, byte[] b, int from, int to, LineMatcher m) {
        int i = from;
        while (i < to) {
            int comma = k == Kind.URI || k == Kind.URL ? -1 : ByteSearch.indexOf(b, i, to, (byte) ',');
            int end = comma < 0 ? to : comma;
            if (end > i) {
                one(k, b, i, end, m);
            }
            i = end + 1;
        }
    }

    private static void one(Kind k, byte[] b, int from, int to, LineMatcher m) {
        switch (k) {
            case IP -> m.ip(b, from, to);
            case DOMAIN -> m.domain(b, from, to);
            case HOST, HTTP_HOST -> {
                int colon = -1;
                int colons = 0;
                for (int i = from; i < to; i++) {
                    if (b[i] == ':') {
                        colon = i;
                        colons++;
                    }
                }
                SquidAccessLog.hostOrAddress(b, from, colons == 1 ? colon : to, m);
            }
            case URL -> m.url(b, from, to, SquidAccessLog.urlHost(b, from, to, m));
            case EMAIL -> {
                int lt = ByteSearch.indexOf(b, from, to, (byte) '<');
                int gt = lt < 0 ? -1 : ByteSearch.indexOf(b, lt, to, (byte) '>');
                if (gt > lt + 1) {
                    m.email(b, lt + 1, gt);
                } else {
                    m.email(b, from, to);
                }
            }
            case MD5 -> m.hash(IndicatorType.MD5, b, from, to);
            case SHA1 -> m.hash(IndicatorType.SHA1, b, from, to);
            case SHA256 -> m.hash(IndicatorType.SHA256, b, from, to);
            case URI -> {
                // with the host, once the line is read
            }
        }
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        // Zeek's logs start with ts, seconds since the epoch.
        return times.epochAtStart(b, from, to);
    }
}
