package org.tocsin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tocsin.cli.sweep.LogTime;
import org.tocsin.cli.sweep.Match;
import org.tocsin.stix.Tlp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code sweep --report} sends to Tocsin: one STIX 2.1 {@code sighting} per indicator that
 * matched, to the submissions collection over TAXII, with the member's consent in
 * {@code X-Tocsin-Attribution}.
 *
 * <p>Each sighting counts the (line, indicator) matches of the sweep; its {@code first_seen} and
 * {@code last_seen} are the earliest and latest times the logs wrote on the matching lines, or the
 * time of the sweep where no line said. It names the member's organisation
 * ({@code identity--<organisation id>}) in {@code where_sighted_refs} only when the member agreed
 * to be named; an anonymous sighting carries nothing that names the member, and the server keeps
 * to itself who sent it.
 *
 * <p>Its TLP label is the strictest of the indicator's and the member's chosen floor (AMBER unless
 * said otherwise): a sighting tells about the member's own network, and a product derived from an
 * indicator never carries a weaker label than it. A sighting that would be TLP:AMBER+STRICT or
 * TLP:RED is not sent: it could not leave the organisation.
 *
 * <p>The id of a sighting is derived, with a key kept in the cache folder, from the indicator and
 * what was seen (first, last, count), and the time it was first reported is kept beside the key:
 * reporting the same logs again sends the very same objects, which the server already holds,
 * rather than counting them twice. Without the key nobody can tell from an id who sent it.
 */
final class SightingReport {

    static final String SUBMISSIONS = Import.SUBMISSIONS;
    private static final int ENVELOPE = 1000;
    private static final long MAX_COUNT = 999_999_999L;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The roles that may add to the submissions collection (members' security leads and analysts; the authority's publishers). */
    private static final java.util.Set<String> REPORTING_ROLES = java.util.Set.of("SECURITY_LEAD", "ANALYST", "AUTHOR", "ADMIN");

    /** Who may learn that the member's organisation saw this: the choices of the submissions' consent model. */
    enum Consent {
        /** Nobody: Tocsin keeps the sender to itself; the authority sees only a member's sectors. */
        ANONYMOUS("none"),
        /** The authority, not other members. */
        AUTHORITY("authority"),
        /** Everybody the sightings are passed on to. */
        ALL("everyone");

        final String header;

        Consent(String header) {
            this.header = header;
        }

        boolean named() {
            return this != ANONYMOUS;
        }
    }

    /** The member the token belongs to, as {@code /api/v1/me} answers. */
    record Me(String username, Organisation organisation, List<String> roles) {
    }

    record Organisation(String id, String name, List<String> sectors) {
    }

    /** The matches of one indicator. */
    private static final class Tally {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
    }

    /** What was sent and what was left out. */
    record Outcome(int sent, int stored, List<String> refused, List<String> tooSecret) {
    }

    private final Server server;
    private final Me me;
    private final Consent consent;
    private final Tlp floor;
    private final Instant sweptAt;
    private final Path keyFile;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    private SightingReport(Server server, Me me, Consent consent, Tlp floor, Instant sweptAt, Path keyFile) {
        this.server = server;
        this.me = me;
        this.consent = consent;
        this.floor = floor;
        this.sweptAt = sweptAt;
        this.keyFile = keyFile;
    }

    /**
     * Asks the server whom the token belongs to, before anything is swept, so that a wrong token
     * or address is known at once rather than after an hour of logs.
     *
     * @throws Failure if the server refuses or cannot be reached
     */
    static SightingReport start(Server server, Consent consent, Tlp floor, Instant sweptAt, Path keyFile) {
        Me me = server.get("/api/v1/me", Me.class, "an account").value();
        if (me.organisation() == null || me.organisation().id() == null) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer names no organisation for this token");
        }
        // The server decides; asking first only spares a member an hour's sweep that cannot be reported.
        if (me.roles() != null && java.util.Collections.disjoint(me.roles(), REPORTING_ROLES)) {
            throw new Failure(Tocsin.EXIT_REFUSED, "This account may not report sightings: that needs the security lead "
                    + "or analyst role (it has " + Server.printable(String.join(", ", me.roles())) + "). Nothing was swept.");
        }
        try {
            UUID.fromString(me.organisation().id());
        } catch (IllegalArgumentException e) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer names an organisation without a valid id");
        }
        return new SightingReport(server, me, consent, floor, sweptAt, keyFile);
    }

    /** Counts a match. Called on one thread, in log order. */
    void add(Match match) {
        Tally t = tallies.computeIfAbsent(match.indicator().id(), id -> new Tally());
        t.count++;
        if (match.seen() != LogTime.UNKNOWN) {
            t.first = Math.min(t.first, match.seen());
            t.last = Math.max(t.last, match.seen());
        }
    }

    /** The ids of the indicators that matched. */
    java.util.Set<String> indicators() {
        return tallies.keySet();
    }

    /**
     * Sends the sightings, in envelopes of up to a thousand.
     *
     * @param labels the TLP label of each indicator that has one
     * @throws Failure if the server refuses or cannot be reached
     */
    Outcome send(Map<String, Tlp> labels) {
        Instant now = Instant.now();
        String reportedAt = STAMP.format(now.isBefore(sweptAt) ? sweptAt : now);
        byte[] key = key();
        Properties ledger = ledger();
        Properties reported = new Properties();
        List<String> tooSecret = new ArrayList<>();
        List<ObjectNode> sightings = new ArrayList<>();
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            String indicator = e.getKey();
            Tally t = e.getValue();
            Tlp label = labels.getOrDefault(indicator, floor);
            if (floor.isStricterThan(label)) {
                label = floor;
            }
            if (label == Tlp.AMBER_STRICT || label == Tlp.RED) {
                tooSecret.add(indicator + " (" + label.label() + ")");
                continue;
            }
            String first = STAMP.format(t.first == Long.MAX_VALUE ? sweptAt : Instant.ofEpochMilli(t.first));
            String last = STAMP.format(t.last == Long.MIN_VALUE ? sweptAt : Instant.ofEpochMilli(t.last));
            ObjectNode s = JSON.createObjectNode();
            s.put("type", "sighting");
            s.put("spec_version", "2.1");
            String id = "sighting--" + id(key, indicator + "\n" + first + "\n" + last + "\n" + t.count);
            String created = ledger.getProperty(id, reportedAt);
            reported.setProperty(id, created);
            s.put("id", id);
            s.put("created", created);
            s.put("modified", created);
            s.put("sighting_of_ref", indicator);
            s.put("count", Math.min(t.count, MAX_COUNT));
            s.put("first_seen", first);
            s.put("last_seen", last);
            if (consent.named()) {
                s.putArray("where_sighted_refs").add("identity--" + me.organisation().id());
            }
            s.putArray("object_marking_refs").add(label.markingDefinitionId());
            sightings.add(s);
        }
        int stored = 0;
        List<String> refused = new ArrayList<>();
        for (int from = 0; from < sightings.size(); from += ENVELOPE) {
            ObjectNode envelope = JSON.createObjectNode();
            ArrayNode objects = envelope.putArray("objects");
            sightings.subList(from, Math.min(sightings.size(), from + ENVELOPE)).forEach(objects::add);
            String answer = server.post("/taxii2/tocsin/collections/" + SUBMISSIONS + "/objects/", Import.TAXII,
                    JSON.writeValueAsString(envelope), Map.of("X-Tocsin-Attribution", consent.header));
            JsonNode status = JSON.readTree(answer);
            stored += status.path("success_count").asInt();
            status.path("failures").forEach(f -> refused.add(f.path("id").asString() + ": " + f.path("message").asString()));
        }
        if (refused.isEmpty()) {
            ledger.putAll(reported);
            saveLedger(ledger);
        }
        return new Outcome(sightings.size(), stored, refused, tooSecret);
    }

    private Path ledgerFile() {
        return keyFile.resolveSibling("sightings.properties");
    }

    /** The sightings reported before, by id, with the time each was first reported. */
    private Properties ledger() {
        Properties ledger = new Properties();
        Path file = ledgerFile();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                ledger.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new Failure(Tocsin.EXIT_USAGE, "Cannot read the sightings reported before, in " + file + ": "
                        + e.getMessage() + "; delete the file to start afresh");
            }
        }
        return ledger;
    }

    private void saveLedger(Properties ledger) {
        Path file = ledgerFile();
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try (var out = Files.newBufferedWriter(temporary, StandardCharsets.ISO_8859_1)) {
            ledger.store(out, "Sightings reported by tocsin sweep --report: id = when first reported");
        } catch (IOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot keep the sightings reported in " + file + ": " + e.getMessage());
        }
        try {
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot keep the sightings reported in " + file + ": " + e.getMessage());
        }
    }

    /** Prints what was reported, to standard error. */
    void summary(PrintWriter err, Outcome outcome) {
        String who = switch (consent) {
            case ANONYMOUS -> "anonymously: nobody is told which organisation saw them";
            case AUTHORITY -> "naming " + Server.printable(me.organisation().name()) + " to the authority only";
            case ALL -> "naming " + Server.printable(me.organisation().name()) + " to everyone they are passed on to";
        };
        err.printf(Locale.ROOT, "Reported %d sighting%s to %s %s; %d stored.%n", outcome.sent(),
                outcome.sent() == 1 ? "" : "s", server.base(), who, outcome.stored());
        if (!outcome.tooSecret().isEmpty()) {
            err.printf(Locale.ROOT, "Not reported, their label keeps them inside your organisation: %s%n",
                    Server.printable(String.join(", ", outcome.tooSecret())));
        }
        outcome.refused().stream().limit(20).forEach(r -> err.println("  refused: " + Server.printable(r)));
    }

    /** A UUID (version 4 in form) from an HMAC-SHA-256 of the text under the local key. */
    private static String id(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0F) | 0x40);
            h[8] = (byte) ((h[8] & 0x3F) | 0x80);
            String hex = HexFormat.of().formatHex(h, 0, 16);
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20, 32);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local key, made on first use: 32 random bytes, readable by the owner only where the file system allows. */
    private byte[] key() {
        try {
            if (Files.exists(keyFile)) {
                byte[] key = HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
                if (key.length == 32) {
                    return key;
                }
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(keyFile.getParent());
            Path temporary = keyFile.resolveSibling(keyFile.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot keep the key for sighting ids in " + keyFile + ": " + e.getMessage());
        }
    }
}
