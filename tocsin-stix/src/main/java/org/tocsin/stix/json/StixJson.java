package org.tocsin.stix.json;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.tocsin.stix.Bundle;
import org.tocsin.stix.StixObject;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;

/**
 * Reads and writes STIX 2.1 JSON: single objects and whole bundles held in memory. For bundles too
 * large to hold, use {@link BundleReader} and {@link BundleWriter}.
 *
 * <p>Writing is deterministic: compact UTF-8 JSON with the properties in the object's own order and
 * numbers exactly as read, so the same object always gives the same bytes, and what was read is
 * written back unchanged in meaning (custom properties, extensions and custom objects included).
 */
public final class StixJson {

    private StixJson() {
    }

    /**
     * Reads one STIX object with the {@linkplain ReadLimits#DEFAULT default limits}.
     *
     * @param json the object's JSON
     * @return the object; not validated
     * @throws StixJsonException if the text is not one JSON object or breaks a bound
     */
    public static StixObject readObject(String json) {
        return readObject(json, ReadLimits.DEFAULT);
    }

    /**
     * Reads one STIX object.
     *
     * @param json the object's JSON
     * @param limits the bounds on what is accepted; {@link ReadLimits#maxObjectBytes()} applies to
     *        the whole text
     * @return the object; not validated
     * @throws StixJsonException if the text is not one JSON object or breaks a bound
     */
    public static StixObject readObject(String json, ReadLimits limits) {
        Objects.requireNonNull(json, "json");
        JsonTrees trees = JsonTrees.open(json, limits);
        try {
            JsonToken first = trees.next();
            if (first != JsonToken.START_OBJECT) {
                throw trees.error("expected a STIX object, {…}");
            }
            StixObject object = StixObject.of(trees.readTree());
            if (trees.next() != null) {
                throw trees.error("unexpected content after the end of the object");
            }
            return object;
        } catch (JacksonException e) {
            throw trees.failure(e);
        } finally {
            trees.close();
        }
    }

    /**
     * Reads a whole bundle into memory with the {@linkplain ReadLimits#DEFAULT default limits}.
     *
     * @param in the JSON; closed when read
     * @return the bundle; its objects are not validated
     * @throws StixJsonException if the document is not a well-formed bundle or breaks a bound
     */
    public static Bundle readBundle(InputStream in) {
        return readBundle(in, ReadLimits.DEFAULT);
    }

    /**
     * Reads a whole bundle into memory.
     *
     * @param in the JSON; closed when read
     * @param limits the bounds on what is accepted
     * @return the bundle; its objects are not validated
     * @throws StixJsonException if the document is not a well-formed bundle or breaks a bound
     */
    public static Bundle readBundle(InputStream in, ReadLimits limits) {
        try (BundleReader reader = BundleReader.open(in, limits)) {
            return drain(reader);
        }
    }

    /**
     * Reads a whole bundle with the {@linkplain ReadLimits#DEFAULT default limits}.
     *
     * @param json the bundle's JSON
     * @return the bundle; its objects are not validated
     * @throws StixJsonException if the text is not a well-formed bundle or breaks a bound
     */
    public static Bundle readBundle(String json) {
        try (BundleReader reader = BundleReader.open(Objects.requireNonNull(json, "json"), ReadLimits.DEFAULT)) {
            return drain(reader);
        }
    }

    private static Bundle drain(BundleReader reader) {
        List<StixObject> objects = new ArrayList<>();
        while (reader.hasNext()) {
            objects.add(reader.next());
        }
        return new Bundle(reader.bundleId().orElseThrow(), objects);
    }

    /**
     * Writes one object as compact JSON.
     *
     * @param object the object
     * @return the JSON
     */
    public static String write(StixObject object) {
        return JsonTrees.WRITER.writeValueAsString(Objects.requireNonNull(object, "object").json());
    }

    /**
     * Writes a bundle as compact JSON.
     *
     * @param bundle the bundle
     * @return the JSON
     */
    public static String write(Bundle bundle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(bundle, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes a bundle as compact UTF-8 JSON.
     *
     * @param bundle the bundle
     * @param out where to write; flushed, not closed
     */
    public static void write(Bundle bundle, OutputStream out) {
        Objects.requireNonNull(bundle, "bundle");
        try (BundleWriter writer = BundleWriter.open(out, bundle.id())) {
            bundle.objects().forEach(writer::write);
        }
    }
}
