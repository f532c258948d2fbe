package org.tocsin.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.tocsin.stix.StixObject;
import org.tocsin.stix.pattern.Pattern;
import org.tocsin.stix.pattern.PatternException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings a local copy of a TAXII 2.1 collection's indicators up to date, for sweep to read.
 *
 * <p>The copy lives in a folder of its own per collection URL under the cache folder: the
 * indicator objects, one JSON object a line, the latest version of each (a revoked one stays, as a
 * tombstone that sweep passes over, so that no older version can come back), and the
 * {@code added_after} to ask from next time (the {@code X-TAXII-Date-Added-Last} of the last
 * page). A pull asks only for what was added since, page by page ({@code next}, or
 * {@code added_after} where a server pages that way), checks every indicator as it comes, and
 * changes the copy only once every page has come and been checked: a pull that fails half-way
 * changes nothing.
 */
final class TaxiiPull {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAGES = 100_000;

    private final Server server;
    private final String objectsPath;
    private final Path folder;
    private final boolean refresh;

    /** What a pull brought: the copy, the pages asked for, the indicator versions that came, and the copy's size. */
    record Pulled(Path objects, int pages, long added, boolean firstPull, long kept) {
    }

    /**
     * @param server the server holding the collection
     * @param collection the collection's URL or path, ending in its id
     * @param cache the cache folder; the collection's copy goes in a folder below it
     * @param refresh whether to forget the copy and fetch the whole collection again
     */
    TaxiiPull(Server server, URI collection, Path cache, boolean refresh) {
        this.server = server;
        String path = collection.getRawPath() == null ? "" : collection.getRawPath();
        this.objectsPath = (path.endsWith("/") ? path : path + "/") + "objects/";
        this.folder = folderFor(cache, collection);
        this.refresh = refresh;
    }

    /** The folder of a collection's local copy: named by a digest of its URL, so any URL makes a safe name. */
    static Path folderFor(Path cache, URI collection) {
        return cache.resolve("taxii").resolve(digest(collection.toString()));
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Pulled pull(String collectionName) {
        Path objects = folder.resolve("objects.jsonl");
        Path state = folder.resolve("state.json");
        Path incoming = folder.resolve("objects.jsonl.incoming");
        try {
            Files.createDirectories(folder);
            String addedAfter = null;
            if (Files.exists(state) && !refresh) {
                JsonNode s = JSON.readTree(state.toFile());
                addedAfter = s.path("added_after").isString() ? s.path("added_after").asString() : null;
            }
            boolean firstPull = addedAfter == null || !Files.exists(objects);
            if (firstPull) {
                addedAfter = null;
            }
            String since = addedAfter;
            String newest = addedAfter;
            String next = null;
            int pages = 0;
            long added = 0;
            try (BufferedWriter out = Files.newBufferedWriter(incoming, StandardCharsets.UTF_8)) {
                boolean more;
                do {
                    StringBuilder query = new StringBuilder(objectsPath).append("?match%5Btype%5D=indicator");
                    if (since != null) {
                        query.append("&added_after=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
                    }
                    if (next != null) {
                        query.append("&next=").append(URLEncoder.encode(next, StandardCharsets.UTF_8));
                    }
                    Server.TaxiiAnswer answer = server.getTaxii(query.toString());
                    pages++;
                    String page = "page " + pages + " of " + collectionName;
                    JsonNode envelope = envelope(answer.json(), page);
                    JsonNode list = envelope.path("objects");
                    for (int i = 0; i < list.size(); i++) {
                        JsonNode object = list.get(i);
                        String where = page + ", objects[" + i + "]";
                        if (!object.isObject()) {
                            throw malformed(where + " is not a JSON object");
                        }
                        if ("indicator".equals(object.path("type").asString(""))) {
                            check(object, where);
                            out.write(JSON.writeValueAsString(object));
                            out.write('\n');
                            added++;
                        }
                    }
                    JsonNode moreNode = envelope.path("more");
                    if (!moreNode.isMissingNode() && !moreNode.isBoolean()) {
                        throw malformed(page + ": \"more\" must be true or false");
                    }
                    more = moreNode.asBoolean(false);
                    next = envelope.path("next").isString() ? envelope.path("next").asString() : null;
                    if (answer.dateAddedLast() != null) {
                        newest = answer.dateAddedLast();
                    }
                    if (more && next == null) {
                        // A server that pages by added_after rather than by next.
                        if (answer.dateAddedLast() == null || answer.dateAddedLast().equals(since)) {
                            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The TAXII server says there is more in "
                                    + collectionName + " but gives no way to ask for it (no next, no new X-TAXII-Date-Added-Last)");
                        }
                        since = answer.dateAddedLast();
                    }
                } while (more && pages < MAX_PAGES);
            }
            long kept = merge(objects, incoming, firstPull);
            if (newest != null) {
                Path temporary = folder.resolve("state.json.new");
                Files.writeString(temporary, JSON.writeValueAsString(
                        JSON.createObjectNode().put("collection", collectionName).put("added_after", newest)));
                Files.move(temporary, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else if (firstPull) {
                Files.deleteIfExists(state);
            }
            return new Pulled(objects, pages, added, firstPull, kept);
        } catch (IOException | UncheckedIOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot keep the local copy of " + collectionName + " in " + folder
                    + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "The local copy of " + collectionName + " in " + folder
                    + " is damaged (" + e.getOriginalMessage() + "); run again with --refresh to fetch it afresh");
        } finally {
            try {
                Files.deleteIfExists(incoming);
            } catch (IOException ignored) {
                // a leftover is overwritten by the next pull
            }
        }
    }

    /**
     * Adds what came to the copy, keeping one line per object: the version with the latest
     * {@code modified} (of equal ones, the first). Written beside the copy and moved over it, so
     * the copy is either the old one or the new one.
     *
     * @return the number of objects in the copy
     */
    private long merge(Path objects, Path incoming, boolean replace) throws IOException {
        Path[] sources = replace || !Files.exists(objects) ? new Path[] {incoming} : new Path[] {objects, incoming};
        Map<String, Instant> latest = new HashMap<>();
        for (Path source : sources) {
            try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode object = JSON.readTree(line);
                    latest.merge(object.path("id").asString(""), modified(object), (a, b) -> a.isBefore(b) ? b : a);
                }
            }
        }
        Path merged = folder.resolve("objects.jsonl.merged");
        Set<String> written = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
            for (Path source : sources) {
                try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        JsonNode object = JSON.readTree(line);
                        String id = object.path("id").asString("");
                        if (modified(object).equals(latest.get(id)) && written.add(id)) {
                            out.write(line);
                            out.write('\n');
                        }
                    }
                }
            }
        }
        Files.move(merged, objects, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written.size();
    }

    private static Instant modified(JsonNode object) {
        try {
            return Instant.parse(object.path("modified").asString(object.path("created").asString("")));
        } catch (RuntimeException e) {
            return Instant.MIN;
        }
    }

    /** Checks an indicator as sweep will read it, so that the copy never holds one sweep refuses. */
    private static void check(JsonNode json, String where) {
        StixObject object;
        try {
            object = StixObject.of(json);
        } catch (IllegalArgumentException e) {
            throw new Failure(Tocsin.EXIT_USAGE, where + ": " + e.getMessage() + ". Nothing was kept.");
        }
        String named = where + " (" + Server.printable(object.id()) + ")";
        if (!object.id().startsWith("indicator--")) {
            throw new Failure(Tocsin.EXIT_USAGE, named + ": an indicator needs an \"id\" like indicator--UUID. Nothing was kept.");
        }
        if (object.revoked() || !object.string("pattern_type").map("stix"::equals).orElse(true)) {
            return;
        }
        String pattern = object.string("pattern").orElseThrow(
                () -> new Failure(Tocsin.EXIT_USAGE, named + ": the indicator has no \"pattern\". Nothing was kept."));
        try {
            Pattern.parse(pattern);
        } catch (PatternException e) {
            throw new Failure(Tocsin.EXIT_USAGE, named + ": pattern \"" + Server.printable(pattern) + "\" at character "
                    + (e.position() + 1) + ": " + e.problem() + ". Nothing was kept.");
        }
    }

    /** Reads a TAXII envelope, naming the line and column where it stops being JSON. */
    private static JsonNode envelope(String json, String page) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(json);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String position = at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw malformed(page + " is not JSON" + position + ": " + Server.printable(e.getOriginalMessage()));
        }
        if (envelope == null || !envelope.isObject()) {
            throw malformed(page + " is not a TAXII envelope: expected a JSON object, found "
                    + (envelope == null || envelope.isMissingNode() ? "nothing" : envelope.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode objects = envelope.path("objects");
        if (!objects.isMissingNode() && !objects.isArray()) {
            throw malformed(page + ": \"objects\" must be a list of STIX objects");
        }
        return envelope;
    }

    private static Failure malformed(String message) {
        return new Failure(Tocsin.EXIT_UNAVAILABLE, "The TAXII server's answer cannot be read: " + message
                + ". Nothing was kept.");
    }
}
