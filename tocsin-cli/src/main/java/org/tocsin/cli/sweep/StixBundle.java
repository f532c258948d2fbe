package org.tocsin.cli.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.tocsin.stix.pattern.Observable;
import org.tocsin.stix.pattern.Pattern;
import org.tocsin.stix.pattern.PatternException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the indicators of a STIX 2.1 bundle (or of any JSON object with an {@code objects}
 * array, such as a TAXII 2.1 envelope) as a stream, so that a bundle of a million indicators
 * never sits in memory as a tree. Objects that are not indicators with a STIX pattern, and revoked
 * indicators, are passed over. Each of a pattern's simple observables ({@link Pattern#observables()}:
 * the values that are each enough for the pattern to match) becomes an entry of the set; a pattern
 * with none (only {@code AND}ed conditions, or objects sweep does not read) is counted in the set
 * but can match nothing.
 */
final class StixBundle {

    private StixBundle() {
    }

    static IndicatorSet read(Path path) throws SweepException {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        JsonFactory factory = new JsonFactory();
        String name = path.toString();
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), path)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw error(name, p, "expected a JSON object (a STIX bundle)");
            }
            boolean sawObjects = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("objects") && value == JsonToken.START_ARRAY) {
                    sawObjects = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        object(name, 0, p, builder);
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        throw error(name, p, "expected an object in \"objects\"");
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!sawObjects) {
                throw new SweepException(name + ": not a STIX bundle: it has no \"objects\" array");
            }
            return builder.build();
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new SweepException(name + (at == null ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static IndicatorType type(Observable.Kind kind) {
        return switch (kind) {
            case DOMAIN -> IndicatorType.DOMAIN;
            case IPV4 -> IndicatorType.IPV4;
            case IPV6 -> IndicatorType.IPV6;
            case URL -> IndicatorType.URL;
            case EMAIL -> IndicatorType.EMAIL;
            case MD5 -> IndicatorType.MD5;
            case SHA1 -> IndicatorType.SHA1;
            case SHA256 -> IndicatorType.SHA256;
        };
    }

    private static SweepException error(String name, JsonParser p, String message) {
        TokenStreamLocation at = p.currentTokenLocation();
        return new SweepException(name + " line " + at.getLineNr() + " column " + at.getColumnNr() + ": " + message);
    }

    /**
     * Reads STIX objects given one a line (a local copy of a TAXII collection), several versions
     * of an object being possible: only the latest version (by {@code modified}) of each counts.
     */
    static IndicatorSet readObjectLines(Path path, String name) throws SweepException {
        JsonFactory factory = new JsonFactory();
        Map<String, Instant> latest = new HashMap<>();
        try {
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] version = version(factory, line);
                    if (version != null) {
                        latest.merge(version[0], instant(version[1]), (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            }
            IndicatorSet.Builder builder = IndicatorSet.builder();
            Set<String> taken = new HashSet<>();
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    String[] version = version(factory, line);
                    if (version == null || !instant(version[1]).equals(latest.get(version[0])) || !taken.add(version[0])) {
                        continue;
                    }
                    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), line)) {
                        p.nextToken();
                        object(name, number - 1, p, builder);
                    }
                }
            }
            return builder.build();
        } catch (IOException e) {
            throw new SweepException("Cannot read " + name + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new SweepException(name + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    // The id and modified of an object line, or null if it has no id.
    private static String[] version(JsonFactory factory, String line) {
        String id = null;
        String modified = "";
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("id") && value == JsonToken.VALUE_STRING) {
                    id = p.getString();
                } else if (field.equals("modified") && value == JsonToken.VALUE_STRING) {
                    modified = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        }
        return id == null ? null : new String[] {id, modified};
    }

    private static Instant instant(String timestamp) {
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static void object(String name, long lineOffset, JsonParser p, IndicatorSet.Builder builder)
            throws SweepException {
        TokenStreamLocation start = p.currentTokenLocation();
        String type = null;
        String id = null;
        String pattern = null;
        String patternType = null;
        boolean revoked = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> type = value == JsonToken.VALUE_STRING ? p.getString() : null;
                case "id" -> id = value == JsonToken.VALUE_STRING ? p.getString() : null;
                case "pattern" -> pattern = value == JsonToken.VALUE_STRING ? p.getString() : null;
                case "pattern_type" -> patternType = value == JsonToken.VALUE_STRING ? p.getString() : null;
                case "revoked" -> revoked = value == JsonToken.VALUE_TRUE;
                default -> p.skipChildren();
            }
        }
        if (!"indicator".equals(type) || revoked || patternType != null && !patternType.equals("stix")) {
            return;
        }
        String where = name + " line " + (lineOffset + start.getLineNr()) + ": indicator " + (id == null ? "without an id" : id);
        if (id == null) {
            throw new SweepException(where + ": it has no \"id\"");
        }
        if (pattern == null) {
            throw new SweepException(where + ": it has no \"pattern\"");
        }
        Pattern parsed;
        try {
            parsed = Pattern.parse(pattern);
        } catch (PatternException e) {
            throw new SweepException(where + ": pattern \"" + IndicatorSet.Builder.printable(pattern)
                    + "\" at character " + (e.position() + 1) + ": " + e.problem());
        }
        int indicator = builder.namedIndicator(id);
        try {
            for (Observable o : parsed.observables()) {
                builder.add(indicator, type(o.kind()), o.value());
            }
        } catch (InvalidIndicatorException e) {
            throw new SweepException(where + ": " + e.getMessage());
        }
    }
}
