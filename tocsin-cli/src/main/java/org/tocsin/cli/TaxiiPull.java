package org.tocsin.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings a local copy of a TAXII 2.1 collection's indicators up to date, for sweep to read.
 *
 * <p>The copy lives in a folder of its own per collection URL under the cache folder: the
 * indicator objects, one JSON object a line, every version as it came, and the {@code added_after}
 * to ask from next time (the {@code X-TAXII-Date-Added-Last} of the last page). A pull asks only
 * for what was added since, page by page ({@code next}, or {@code added_after} where a server
 * pages that way), and adds it to the copy only once every page has come: a pull that fails
 * half-way changes nothing.
 */
final class TaxiiPull {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAGES = 100_000;

    private final Server server;
    private final String objectsPath;
    private final Path folder;

    /** What a pull brought. */
    record Pulled(Path objects, int pages, long added, boolean firstPull) {
    }

    /**
     * @param server the server holding the collection
     * @param collection the collection's URL or path, ending in its id
     * @param cache the cache folder; the collection's copy goes in a folder below it
     */
    TaxiiPull(Server server, URI collection, Path cache) {
        this.server = server;
        String path = collection.getRawPath() == null ? "" : collection.getRawPath();
        this.objectsPath = (path.endsWith("/") ? path : path + "/") + "objects/";
        this.folder = cache.resolve("taxii").resolve(digest(collection.toString()));
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
            if (Files.exists(state)) {
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
                    JsonNode envelope = envelope(answer.json(), collectionName);
                    for (JsonNode object : envelope.path("objects")) {
                        if (object instanceof ObjectNode && "indicator".equals(object.path("type").asString(""))) {
                            out.write(JSON.writeValueAsString(object));
                            out.write('\n');
                            added++;
                        }
                    }
                    pages++;
                    more = envelope.path("more").asBoolean(false);
                    next = envelope.path("next").isString() ? envelope.path("next").asString() : null;
                    if (answer.dateAddedLast() != null) {
                        newest = answer.dateAddedLast();
                    }
                    if (more && next == null) {
                        // A server that pages by added_after rather than by next.
                        if (answer.dateAddedLast() == null) {
                            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The TAXII server says there is more in "
                                    + collectionName + " but gives no way to ask for it (no next, no X-TAXII-Date-Added-Last)");
                        }
                        since = answer.dateAddedLast();
                    }
                } while (more && pages < MAX_PAGES);
            }
            try (var in = Files.newInputStream(incoming);
                 var to = Files.newOutputStream(objects, StandardOpenOption.CREATE,
                         firstPull ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                in.transferTo(to);
            }
            Files.delete(incoming);
            if (newest != null) {
                Path temporary = folder.resolve("state.json.new");
                Files.writeString(temporary, JSON.writeValueAsString(
                        JSON.createObjectNode().put("collection", collectionName).put("added_after", newest)));
                Files.move(temporary, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Pulled(objects, pages, added, firstPull);
        } catch (IOException | UncheckedIOException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "Cannot keep the local copy of " + collectionName + " in " + folder
                    + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new Failure(Tocsin.EXIT_USAGE, "The local copy of " + collectionName + " in " + folder
                    + " is damaged (" + e.getOriginalMessage() + "); delete the folder to fetch it afresh");
        }
    }

    private static JsonNode envelope(String json, String collectionName) {
        try {
            JsonNode envelope = JSON.readTree(json);
            if (envelope == null || !envelope.isObject()) {
                throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The TAXII server's answer for " + collectionName
                        + " is not a TAXII envelope");
            }
            return envelope;
        } catch (JacksonException e) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The TAXII server's answer for " + collectionName
                    + " is not JSON: " + Server.printable(e.getOriginalMessage()));
        }
    }
}
