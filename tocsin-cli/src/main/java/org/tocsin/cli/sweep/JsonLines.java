package org.tocsin.cli.sweep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON lines, one event an object, with Elastic Common Schema field names (and Zeek's own names,
 * for Zeek's JSON logs). Nested objects and dotted names are the same field ({@code {"source":
 * {"ip": ...}}} is {@code source.ip}); arrays give each of their strings. The observables are
 * the remote parties of an event: source, destination, client and server addresses and domains,
 * DNS question and answers, URL and referrer, TLS server name, e-mail senders and recipients, and
 * file and process hashes; fields that name the member's own machines ({@code host.*},
 * {@code observer.*}) are not. A line that is not a JSON object is malformed.
 */
final class JsonLines implements LineParser {

    private enum Kind { IP, DOMAIN, HOST, URL, EMAIL, MD5, SHA1, SHA256, HASH }

    private static final Map<String, Kind> FIELDS = new HashMap<>();
    private static final int MAX_DEPTH = 64;
    private static final byte[] TIMESTAMP = "\"@timestamp\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS = "\"ts\"".getBytes(StandardCharsets.US_ASCII);

    static {
        for (String party : new String[] {"source", "destination", "client", "server"}) {
            FIELDS.put(party + ".ip", Kind.IP);
            FIELDS.put(party + ".nat.ip", Kind.IP);
            FIELDS.put(party + ".address", Kind.HOST);
            FIELDS.put(party + ".domain", Kind.DOMAIN);
            FIELDS.put(party + ".registered_domain", Kind.DOMAIN);
            FIELDS.put(party + ".user.email", Kind.EMAIL);
        }
        FIELDS.put("dns.question.name", Kind.DOMAIN);
        FIELDS.put("dns.question.registered_domain", Kind.DOMAIN);
        FIELDS.put("dns.resolved_ip", Kind.IP);
        FIELDS.put("dns.answers.data", Kind.HOST);
        FIELDS.put("related.ip", Kind.IP);
        FIELDS.put("related.hosts", Kind.HOST);
        FIELDS.put("related.hash", Kind.HASH);
        FIELDS.put("url.full", Kind.URL);
        FIELDS.put("url.original", Kind.URL);
        FIELDS.put("url.domain", Kind.HOST);
        FIELDS.put("http.request.referrer", Kind.URL);
        FIELDS.put("tls.client.server_name", Kind.DOMAIN);
        FIELDS.put("user.email", Kind.EMAIL);
        for (String role : new String[] {"from", "to", "cc", "bcc", "sender", "reply_to"}) {
            FIELDS.put("email." + role + ".address", Kind.EMAIL);
        }
        // Zeek's JSON logs
        FIELDS.put("id.orig_h", Kind.IP);
        FIELDS.put("id.resp_h", Kind.IP);
        FIELDS.put("query", Kind.DOMAIN);
        FIELDS.put("answers", Kind.HOST);
        FIELDS.put("host", Kind.HOST);
        FIELDS.put("referrer", Kind.URL);
        FIELDS.put("server_name", Kind.DOMAIN);
        FIELDS.put("tx_hosts", Kind.IP);
        FIELDS.put("rx_hosts", Kind.IP);
        FIELDS.put("mailfrom", Kind.EMAIL);
        FIELDS.put("rcptto", Kind.EMAIL);
        FIELDS.put("md5", Kind.MD5);
        FIELDS.put("sha1", Kind.SHA1);
        FIELDS.put("sha256", Kind.SHA256);
    }

    private static Kind kind(String path) {
        Kind k = FIELDS.get(path);
        if (k != null || path.startsWith("host.") || path.startsWith("observer.")) {
            return k;
        }
        if (path.endsWith(".hash.md5")) {
            return Kind.MD5;
        }
        if (path.endsWith(".hash.sha1")) {
            return Kind.SHA1;
        }
        if (path.endsWith(".hash.sha256")) {
            return Kind.SHA256;
        }
        return null;
    }

    @Override
    public boolean parse(byte[] b, int from, int to, LineMatcher m) {
        Reader r = new Reader(b, from, to, m);
        r.space();
        if (r.at >= to || b[r.at] != '{') {
            return false;
        }
        if (!r.value("", 0)) {
            return false;
        }
        r.space();
        return r.at == to;
    }

    /** A recursive reader of one line's JSON, reporting string values of the known fields. */
    private static final class Reader {
        final byte[] b;
        final int to;
        final LineMatcher m;
        int at;

        Reader(byte[] b, int from, int to, LineMatcher m) {
            this.b = b;
            this.at = from;
            this.to = to;
            this.m = m;
        }

        void space() {
            while (at < to && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r' || b[at] == '\n')) {
                at++;
            }
        }

        boolean value(String path, int depth) {
            if (depth > MAX_DEPTH || at >= to) {
                return false;
            }
            byte c = b[at];
            if (c == '{') {
                at++;
                space();
                if (at < to && b[at] == '}') {
                    at++;
                    return true;
                }
                while (true) {
                    space();
                    int keyFrom = at + 1;
                    int keyEnd = stringEnd();
                    if (keyEnd < 0) {
                        return false;
                    }
                    String key = text(keyFrom, keyEnd);
                    space();
                    if (at >= to || b[at] != ':') {
                        return false;
                    }
                    at++;
                    space();
                    if (!value(path.isEmpty() ? key : path + "." + key, depth + 1)) {
                        return false;
                    }
                    space();
                    if (at < to && b[at] == ',') {
                        at++;
                    } else if (at < to && b[at] == '}') {
                        at++;
                        return true;
                    } else {
                        return false;
                    }
                }
            }
            if (c == '[') {
                at++;
                space();
                if (at < to && b[at] == ']') {
                    at++;
                    return true;
                }
                while (true) {
                    space();
                    if (!value(path, depth + 1)) {
                        return false;
                    }
                    space();
                    if (at < to && b[at] == ',') {
                        at++;
                    } else if (at < to && b[at] == ']') {
                        at++;
                        return true;
                    } else {
                        return false;
                    }
                }
            }
            if (c == '"') {
                int valueFrom = at + 1;
                int end = stringEnd();
                if (end < 0) {
                    return false;
                }
                Kind kind = kind(path);
                if (kind != null && end > valueFrom) {
                    report(kind, valueFrom, end);
                }
                return true;
            }
            // number, true, false, null
            int start = at;
            while (at < to && b[at] != ',' && b[at] != '}' && b[at] != ']' && b[at] != ' ' && b[at] != '\t') {
                at++;
            }
            return at > start;
        }

        // At an opening quote: moves past the closing one and returns its index, or -1.
        private int stringEnd() {
            if (at >= to || b[at] != '"') {
                return -1;
            }
            for (int i = at + 1; i < to; i++) {
                if (b[i] == '\\') {
                    i++;
                } else if (b[i] == '"') {
                    at = i + 1;
                    return i;
                }
            }
            return -1;
        }

        private String text(int from, int end) {
            byte[] raw = unescaped(from, end);
            return raw == null ? new String(b, from, end - from, StandardCharsets.UTF_8)
                    : new String(raw, StandardCharsets.UTF_8);
        }

        private void report(Kind kind, int from, int end) {
            byte[] raw = unescaped(from, end);
            if (raw == null) {
                observable(kind, b, from, end);
            } else {
                observable(kind, raw, 0, raw.length);
            }
        }

        private void observable(Kind kind, byte[] t, int from, int end) {
            switch (kind) {
                case IP -> m.ip(t, from, end);
                case DOMAIN -> m.domain(t, from, end);
                case HOST -> SquidAccessLog.hostOrAddress(t, from, end, m);
                case URL -> {
                    int lowerEnd = SquidAccessLog.urlHost(t, from, end, m);
                    m.url(t, from, end, lowerEnd);
                }
                case EMAIL -> m.email(t, from, end);
                case MD5 -> m.hash(IndicatorType.MD5, t, from, end);
                case SHA1 -> m.hash(IndicatorType.SHA1, t, from, end);
                case SHA256 -> m.hash(IndicatorType.SHA256, t, from, end);
                case HASH -> {
                    int length = end - from;
                    IndicatorType type = length == 32 ? IndicatorType.MD5
                            : length == 40 ? IndicatorType.SHA1 : length == 64 ? IndicatorType.SHA256 : null;
                    if (type != null) {
                        m.hash(type, t, from, end);
                    }
                }
            }
        }

        private int hex4(int from, int end) {
            if (from + 4 > end) {
                return -1;
            }
            int v = 0;
            for (int k = from; k < from + 4; k++) {
                int d = IpAddress.hexDigit(b[k]);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            return v;
        }

        // The string's bytes with JSON escapes undone, or null if it has none.
        private byte[] unescaped(int from, int end) {
            if (ByteSearch.indexOf(b, from, end, (byte) '\\') < 0) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(end - from);
            for (int i = from; i < end; i++) {
                byte c = b[i];
                if (c != '\\' || i + 1 >= end) {
                    out.write(c);
                    continue;
                }
                byte e = b[++i];
                switch (e) {
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case 'r' -> out.write('\r');
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'u' -> {
                        int code = hex4(i + 1, end);
                        if (code < 0) {
                            out.write('\\');
                            out.write(e);
                            break;
                        }
                        i += 4;
                        int low = Character.isHighSurrogate((char) code) && i + 2 < end && b[i + 1] == '\\'
                                && b[i + 2] == 'u' ? hex4(i + 3, end) : -1;
                        String ch;
                        if (low >= 0 && Character.isLowSurrogate((char) low)) {
                            i += 6;
                            ch = new String(new char[] {(char) code, (char) low});
                        } else {
                            ch = String.valueOf((char) code);
                        }
                        out.writeBytes(ch.getBytes(StandardCharsets.UTF_8));
                    }
                    default -> out.write(e);
                }
            }
            return out.toByteArray();
        }
    }

    @Override
    public long time(byte[] b, int from, int to, LogTime times) {
        long stamp = times.jsonField(b, from, to, TIMESTAMP);
        return stamp != LogTime.UNKNOWN ? stamp : times.jsonField(b, from, to, TS);
    }
}
