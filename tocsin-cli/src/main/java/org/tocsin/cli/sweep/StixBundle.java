package org.tocsin.cli.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.tocsin.stix.StixObject;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.json.BundleReader;
import org.tocsin.stix.json.StixJson;
import org.tocsin.stix.json.StixJsonException;
import org.tocsin.stix.pattern.Observable;
import org.tocsin.stix.pattern.Pattern;
import org.tocsin.stix.pattern.PatternException;

/**
 * Reads the indicators of a STIX 2.1 bundle with tocsin-stix's {@link BundleReader}, one object at
 * a time, so that a bundle of a million indicators never sits in memory whole. Objects that are
 * not indicators with a STIX pattern, and revoked indicators, are passed over. Each of a pattern's
 * simple observables ({@link Pattern#observables()}: the values that are each enough for the
 * pattern to match) becomes an entry of the set; a pattern with none (only {@code AND}ed
 * conditions, or objects sweep does not read) is counted in the set but can match nothing.
 */
final class StixBundle {

    private StixBundle() {
    }

    static IndicatorSet read(Path path) throws SweepException {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        String name = path.toString();
        try (BundleReader reader = BundleReader.open(Files.newInputStream(path))) {
            while (reader.hasNext()) {
                StixObject object = reader.next();
                add(name + " objects[" + (reader.count() - 1) + "]", object, builder);
            }
            return builder.build();
        } catch (StixJsonException e) {
            throw new SweepException(name + ": not a valid STIX bundle: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new SweepException("Cannot read the indicators " + name + ": " + e.getMessage());
        }
    }

    /**
     * Reads STIX objects given one a line (a local copy of a TAXII collection), several versions
     * of an object being possible: only the latest version (by {@code modified}) of each counts.
     */
    static IndicatorSet readObjectLines(Path path, String name) throws SweepException {
        try {
            Map<String, Instant> latest = new HashMap<>();
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    StixObject object = StixJson.readObject(line);
                    latest.merge(object.id(), modified(object), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            IndicatorSet.Builder builder = IndicatorSet.builder();
            Set<String> taken = new HashSet<>();
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    StixObject object = StixJson.readObject(line);
                    if (modified(object).equals(latest.get(object.id())) && taken.add(object.id())) {
                        add(name + " (local copy line " + number + ")", object, builder);
                    }
                }
            }
            return builder.build();
        } catch (IOException e) {
            throw new SweepException("Cannot read the local copy of " + name + ": " + e.getMessage());
        } catch (StixJsonException e) {
            throw new SweepException("The local copy of " + name + " is damaged (" + e.getMessage()
                    + "); delete it to fetch the collection afresh: " + path.getParent());
        }
    }

    /**
     * The TLP labels of some of the indicators of a bundle or a local copy: for each id wanted,
     * the label of its latest version, if that has one.
     */
    static Map<String, Tlp> labels(Path path, boolean objectLines, Set<String> wanted) throws SweepException {
        Map<String, Instant> versions = new HashMap<>();
        Map<String, Tlp> labels = new HashMap<>();
        java.util.function.Consumer<StixObject> take = object -> {
            if (wanted.contains(object.id())) {
                Instant modified = modified(object);
                Instant seen = versions.get(object.id());
                if (seen == null || modified.isAfter(seen)) {
                    versions.put(object.id(), modified);
                    object.tlp().ifPresentOrElse(t -> labels.put(object.id(), t), () -> labels.remove(object.id()));
                }
            }
        };
        try {
            if (objectLines) {
                try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        take.accept(StixJson.readObject(line));
                    }
                }
            } else {
                try (BundleReader reader = BundleReader.open(Files.newInputStream(path))) {
                    while (reader.hasNext()) {
                        take.accept(reader.next());
                    }
                }
            }
            return labels;
        } catch (IOException | UncheckedIOException | StixJsonException e) {
            throw new SweepException("Cannot read the TLP labels of the indicators in " + path + ": " + e.getMessage());
        }
    }

    private static Instant modified(StixObject object) {
        return object.modified().orElse(Instant.MIN);
    }

    private static void add(String where, StixObject object, IndicatorSet.Builder builder) throws SweepException {
        if (!"indicator".equals(object.type()) || object.revoked()
                || !object.string("pattern_type").map("stix"::equals).orElse(true)) {
            return;
        }
        String id = object.id();
        if (id.isEmpty()) {
            throw new SweepException(where + ": an indicator without an \"id\"");
        }
        String indicator = where + ", indicator " + id;
        String pattern = object.string("pattern")
                .orElseThrow(() -> new SweepException(indicator + ": it has no \"pattern\""));
        Pattern parsed;
        try {
            parsed = Pattern.parse(pattern);
        } catch (PatternException e) {
            throw new SweepException(indicator + ": pattern \"" + IndicatorSet.Builder.printable(pattern)
                    + "\" at character " + (e.position() + 1) + ": " + e.problem());
        }
        int entry = builder.namedIndicator(id);
        try {
            for (Observable o : parsed.observables()) {
                builder.add(entry, type(o.kind()), o.value());
            }
        } catch (InvalidIndicatorException e) {
            throw new SweepException(indicator + ": " + e.getMessage());
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
}
