package org.tocsin.intel;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Person;
import org.tocsin.stix.pattern.Observable;
import org.tocsin.stix.pattern.Pattern;
import org.tocsin.stix.pattern.PatternException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a person may see, in the formats real tools load: a STIX 2.1 bundle, CSV (safe against
 * formula injection), a Zeek intel file, Suricata rules, a DNS RPZ zone, a hosts file and plain
 * lists of values. Every format is built from the same visible objects, so an export never shows
 * more than the TAXII collections do.
 */
@Service
public class Exports {

    /** The formats, with their media types and file-name extensions. */
    public enum Format {
        STIX("application/stix+json;version=2.1", "json"), CSV("text/csv;charset=UTF-8", "csv"),
        ZEEK("text/plain;charset=UTF-8", "intel"), SURICATA("text/plain;charset=UTF-8", "rules"),
        RPZ("text/plain;charset=UTF-8", "rpz"), HOSTS("text/plain;charset=UTF-8", "hosts"),
        TEXT("text/plain;charset=UTF-8", "txt");

        public final String mediaType;
        public final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        /** Reads a format name, refusing unknown ones with the list of known ones. */
        public static Format of(String name) {
            try {
                return valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown export format '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
    }

    /** One observable of one indicator, with what the formats need to describe it. */
    record Row(String indicatorId, String name, String tlp, String collection, String validFrom, Observable observable) {}

    private static final DateTimeFormatter SERIAL = DateTimeFormatter.ofPattern("yyyyMMdd'00'").withZone(ZoneOffset.UTC);

    private final IntelStore store;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;

    Exports(IntelStore store, AuditTrail audit, ObjectMapper json, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Exports the latest version of every object the person may read, from one collection or
     * (with {@code collectionId} null) from all they may read.
     */
    @Transactional // not read-only: the export is audited
    public String export(Person person, UUID collectionId, Format format, Observable.Kind onlyKind) {
        var collections = store.collections(person).stream().filter(IntelCollection::canRead)
                .filter(c -> collectionId == null || c.id().equals(collectionId)).toList();
        if (collectionId != null && collections.isEmpty()) {
            throw new IllegalArgumentException("There is no such collection for you");
        }
        var objects = new ArrayList<StoredObject>();
        var titles = new LinkedHashMap<String, String>();
        for (var collection : collections) {
            long after = 0;
            while (true) {
                var page = store.objects(person, collection, new ObjectQuery(null, List.of(), List.of(), List.of("last"),
                        List.of(), ObjectQuery.MAX_LIMIT, after));
                for (var object : page.objects()) {
                    objects.add(object);
                    titles.put(object.id(), collection.title());
                }
                if (!page.more()) {
                    break;
                }
                after = Long.parseLong(page.next());
            }
        }
        audit.record(person.username(), "intel.exported", collectionId == null ? "collections:all" : "collection:" + collectionId,
                Outcome.SUCCESS, format.name().toLowerCase(Locale.ROOT) + ", " + objects.size() + " objects");
        if (format == Format.STIX) {
            return bundle(objects);
        }
        var rows = rows(objects, titles).stream().filter(r -> onlyKind == null || r.observable().kind() == onlyKind).toList();
        return switch (format) {
            case CSV -> csv(rows);
            case ZEEK -> zeek(rows);
            case SURICATA -> suricata(rows);
            case RPZ -> rpz(rows);
            case HOSTS -> hosts(rows);
            case TEXT -> text(rows);
            case STIX -> throw new IllegalStateException("handled above");
        };
    }

    private String bundle(List<StoredObject> objects) {
        // Identical for every reader: objects exactly as stored, in a stable order.
        var sorted = objects.stream().sorted(Comparator.comparing(StoredObject::id)).toList();
        var out = new StringBuilder("{\"type\":\"bundle\",\"id\":\"bundle--").append(UUID.nameUUIDFromBytes(
                sorted.stream().map(o -> o.id() + "@" + o.version()).reduce("", String::concat).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .append("\",\"objects\":[");
        for (int i = 0; i < sorted.size(); i++) {
            out.append(i == 0 ? "" : ",").append(sorted.get(i).json());
        }
        return out.append("]}").toString();
    }

    List<Row> rows(List<StoredObject> objects, Map<String, String> titles) {
        var rows = new ArrayList<Row>();
        for (var object : objects) {
            if (!"indicator".equals(object.type())) {
                continue;
            }
            JsonNode node = json.readTree(object.json());
            if (node.path("revoked").asBoolean(false) || !"stix".equals(node.path("pattern_type").asString(""))) {
                continue;
            }
            try {
                for (var observable : Pattern.parse(node.path("pattern").asString()).observables()) {
                    rows.add(new Row(object.id(), node.path("name").asString(""), object.tlp(), titles.get(object.id()),
                            node.path("valid_from").asString(""), observable));
                }
            } catch (PatternException unreadable) {
                // checked at ingest; an object stored before that check is left out rather than guessed at
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.observable().kind()).thenComparing(r -> r.observable().value())
                .thenComparing(Row::indicatorId));
        return rows;
    }

    // ----- CSV (RFC 4180, every cell quoted, formulas neutralised) -----

    static String csv(List<Row> rows) {
        var out = new StringBuilder("\"indicator_id\",\"type\",\"value\",\"tlp\",\"collection\",\"valid_from\",\"name\"\r\n");
        for (var r : rows) {
            out.append(String.join(",", List.of(cell(r.indicatorId()), cell(kindName(r.observable().kind())),
                    cell(r.observable().value()), cell(r.tlp()), cell(r.collection()), cell(r.validFrom()), cell(r.name()))))
                    .append("\r\n");
        }
        return out.toString();
    }

    /**
     * One CSV cell: quoted, quotes doubled, and a leading {@code ' } when a spreadsheet could take
     * the cell for a formula — also when the trigger hides behind white space or control characters.
     * Public so that every CSV Tocsin writes is made safe the same way.
     */
    public static String cell(String value) {
        var v = value == null ? "" : value;
        var trimmed = v.replaceFirst("^[\\s\\u0000-\\u001f]+", "");
        if (!trimmed.isEmpty() && "=+-@".indexOf(trimmed.charAt(0)) >= 0 || !v.isEmpty() && "\t\r\n\u0000".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    // ----- Zeek intel framework -----

    static String zeek(List<Row> rows) {
        var lines = new TreeSet<String>();
        for (var r : rows) {
            var o = r.observable();
            var type = switch (o.kind()) {
                case DOMAIN -> "Intel::DOMAIN";
                case IPV4, IPV6 -> o.value().contains("/") ? "Intel::SUBNET" : "Intel::ADDR";
                case URL -> "Intel::URL";
                case EMAIL -> "Intel::EMAIL";
                case MD5, SHA1, SHA256 -> "Intel::FILE_HASH";
            };
            var value = o.kind() == Observable.Kind.URL ? o.value().replaceFirst("(?i)^[a-z][a-z0-9+.-]*://", "") : o.value();
            lines.add(String.join("\t", flat(value), type, flat("Tocsin (" + r.indicatorId() + ") - " + r.tlp()),
                    flat(r.name().isEmpty() ? "-" : r.name()), "-", "T", "-"));
        }
        return "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\tmeta.do_notice\tmeta.if_in\n"
                + String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    private static String flat(String value) {
        var v = value.replaceAll("[\\t\\r\\n]", " ");
        return v.isEmpty() ? "-" : v;
    }

    // ----- Suricata -----

    static String suricata(List<Row> rows) {
        var out = new StringBuilder("""
                # Tocsin export of IDS rules for Suricata
                # Define $HOME_NET, $EXTERNAL_NET and $HTTP_PORTS in suricata.yaml before loading.
                # File hashes are not rules: load the 'text' export with kind=md5/sha1/sha256 into a filemd5/filesha1/filesha256 list.
                """);
        int sid = 5_100_000;
        for (var r : rows) {
            var o = r.observable();
            var msg = "Tocsin " + r.indicatorId() + " [" + r.tlp() + "] ";
            switch (o.kind()) {
                case IPV4, IPV6 -> {
                    out.append("alert ip $HOME_NET any -> ").append(o.value()).append(" any (msg:\"").append(msg)
                            .append("Outgoing to ").append(o.value()).append("\"; classtype:trojan-activity; sid:").append(sid++)
                            .append("; rev:1;)\n");
                    out.append("alert ip ").append(o.value()).append(" any -> $HOME_NET any (msg:\"").append(msg)
                            .append("Incoming from ").append(o.value()).append("\"; classtype:trojan-activity; sid:").append(sid++)
                            .append("; rev:1;)\n");
                }
                case DOMAIN -> {
                    var d = content(o.value().toLowerCase(Locale.ROOT));
                    out.append("alert dns any any -> any any (msg:\"").append(msg).append("Domain ").append(d)
                            .append("\"; dns.query; dotprefix; content:\".").append(d).append("\"; nocase; endswith; classtype:trojan-activity; sid:")
                            .append(sid++).append("; rev:1;)\n");
                    out.append("alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"").append(msg).append("TLS SNI ").append(d)
                            .append("\"; tls.sni; dotprefix; content:\".").append(d).append("\"; nocase; endswith; classtype:trojan-activity; sid:")
                            .append(sid++).append("; rev:1;)\n");
                }
                case URL -> {
                    URI uri;
                    try {
                        uri = URI.create(o.value());
                    } catch (IllegalArgumentException e) {
                        out.append("# not a URL Suricata can match: ").append(flat(o.value())).append('\n');
                        continue;
                    }
                    if (uri.getHost() == null) {
                        continue;
                    }
                    var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                    out.append("alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"").append(msg).append("URL ")
                            .append(content(o.value())).append("\"; flow:to_server,established; http.host; content:\"")
                            .append(content(uri.getHost().toLowerCase(Locale.ROOT))).append("\"; nocase; endswith; http.uri; content:\"")
                            .append(content(path)).append("\"; startswith; classtype:trojan-activity; sid:").append(sid++)
                            .append("; rev:1;)\n");
                }
                case EMAIL, MD5, SHA1, SHA256 -> {
                    // no network rule: see the header
                }
            }
        }
        return out.toString();
    }

    /** Suricata content: the characters with a meaning in rules are written as hex bytes. */
    static String content(String value) {
        var out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '|' -> out.append("|7C|");
                case '"' -> out.append("|22|");
                case ';' -> out.append("|3B|");
                case ':' -> out.append("|3A|");
                case '\\' -> out.append("|5C|");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("|%02X|", (int) c & 0xff));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    // ----- DNS RPZ -----

    String rpz(List<Row> rows) {
        var serial = SERIAL.format(clock.instant());
        var ips = new TreeSet<String>();
        var domains = new TreeSet<String>();
        for (var r : rows) {
            var o = r.observable();
            if (o.kind() == Observable.Kind.DOMAIN) {
                var d = o.value().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
                domains.add(d + " CNAME .");
                domains.add("*." + d + " CNAME .");
            } else if (o.kind() == Observable.Kind.IPV4 || o.kind() == Observable.Kind.IPV6) {
                var trigger = rpzIp(o.value());
                if (trigger != null) {
                    ips.add(trigger + " CNAME .");
                }
            }
        }
        return "$TTL 1h;\n@ SOA localhost. root.localhost. (" + serial + " 2h 30m 30d 1h)\n  NS localhost.\n\n"
                + "; Addresses: answers that resolve to these return NXDOMAIN.\n" + String.join("\n", ips) + (ips.isEmpty() ? "" : "\n")
                + "\n; Domains and all their sub-domains return NXDOMAIN.\n" + String.join("\n", domains) + (domains.isEmpty() ? "" : "\n");
    }

    /** An RPZ IP trigger: {@code <prefix>.<reversed address>.rpz-ip}, IPv6 groups reversed with {@code zz} for {@code ::}. */
    static String rpzIp(String value) {
        var parts = value.split("/", 2);
        try {
            var address = InetAddress.getByName(parts[0]);
            var bytes = address.getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bytes.length * 8;
            if (bytes.length == 4) {
                return prefix + "." + (bytes[3] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[0] & 0xff)
                        + ".rpz-ip";
            }
            var groups = new ArrayList<String>();
            for (int i = 0; i < 16; i += 2) {
                groups.add(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
            }
            java.util.Collections.reverse(groups);
            var joined = String.join(".", groups).replaceFirst("(^|\\.)0(\\.0)+(\\.|$)", "$1zz$3");
            return prefix + "." + joined + ".rpz-ip";
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    // ----- hosts and plain lists -----

    static String hosts(List<Row> rows) {
        var lines = new TreeSet<String>();
        rows.stream().filter(r -> r.observable().kind() == Observable.Kind.DOMAIN)
                .forEach(r -> lines.add("0.0.0.0 " + r.observable().value().toLowerCase(Locale.ROOT)));
        return "# Blocklist in the HOSTS format, from Tocsin\n" + String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    static String text(List<Row> rows) {
        var values = new TreeSet<String>();
        rows.forEach(r -> values.add(r.observable().value()));
        return String.join("\n", values) + (values.isEmpty() ? "" : "\n");
    }

    static String kindName(Observable.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
