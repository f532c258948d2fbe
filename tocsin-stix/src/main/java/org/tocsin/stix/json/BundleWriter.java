package org.tocsin.stix.json;

import java.io.OutputStream;
import java.util.Objects;

import org.tocsin.stix.StixObject;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;

/**
 * Writes a STIX bundle one object at a time, so that a bundle of any size is written in little
 * memory.
 *
 * <pre>{@code
 * try (BundleWriter writer = BundleWriter.open(out, bundleId)) {
 *     for (StixObject object : objects) {
 *         writer.write(object);
 *     }
 * }
 * }</pre>
 *
 * <p>The output is compact UTF-8 JSON, {@code {"type":"bundle","id":…,"objects":[…]}}, each object
 * written exactly as {@link StixJson#write(StixObject)} writes it, so the same objects always give
 * the same bytes. A bundle with no objects is written without the {@code objects} property, which
 * the specification requires to be non-empty when present.
 */
public final class BundleWriter implements AutoCloseable {

    private final JsonGenerator generator;
    private boolean started;
    private boolean closed;

    private BundleWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    /**
     * Starts a bundle.
     *
     * @param out where to write; flushed, not closed, by {@link #close()}
     * @param bundleId the bundle's id, {@code bundle--UUID}
     * @return the writer
     */
    public static BundleWriter open(OutputStream out, String bundleId) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(bundleId, "bundleId");
        JsonGenerator generator = JsonTrees.WRITER.writer()
                .without(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .createGenerator(out);
        generator.writeStartObject();
        generator.writeStringProperty("type", "bundle");
        generator.writeStringProperty("id", bundleId);
        return new BundleWriter(generator);
    }

    /**
     * Writes one object.
     *
     * @param object the object
     * @throws IllegalStateException if the writer is closed
     */
    public void write(StixObject object) {
        Objects.requireNonNull(object, "object");
        if (closed) {
            throw new IllegalStateException("The bundle is already closed");
        }
        if (!started) {
            generator.writeArrayPropertyStart("objects");
            started = true;
        }
        generator.writeTree(object.json());
    }

    /** Ends the bundle and flushes the output, leaving it open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            generator.writeEndArray();
        }
        generator.writeEndObject();
        generator.close();
    }
}
