package org.tocsin.stix.json;

import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import org.tocsin.stix.StixObject;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads a STIX bundle one object at a time, so that a bundle of any size is read in little memory:
 * only the object being read is held.
 *
 * <pre>{@code
 * try (BundleReader reader = BundleReader.open(in)) {
 *     while (reader.hasNext()) {
 *         StixObject object = reader.next();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The bundle's properties may come in any order. The whole document is checked, including what
 * follows the last object: the reader reports a document that is not a bundle, or breaks a
 * {@link ReadLimits} bound, by throwing a {@link StixJsonException} from {@link #hasNext()} or
 * {@link #next()} — possibly after some objects were returned, so a caller that must store all or
 * nothing keeps its transaction open until {@link #hasNext()} has answered {@code false}. After an
 * exception the reader is spent. The objects themselves are not validated here (see
 * {@link org.tocsin.stix.Validation}).
 */
public final class BundleReader implements Iterator<StixObject>, AutoCloseable {

    private enum State { IN_BUNDLE, IN_OBJECTS, DONE, FAILED }

    private final JsonTrees json;
    private final ReadLimits limits;
    private State state = State.IN_BUNDLE;
    private StixObject pending;
    private long count;
    private String bundleId;
    private boolean typeSeen;

    private BundleReader(JsonTrees json, ReadLimits limits) {
        this.json = json;
        this.limits = limits;
    }

    /**
     * Starts reading a bundle with the {@linkplain ReadLimits#DEFAULT default limits}.
     *
     * @param in the JSON, in UTF-8 (or UTF-16/32, detected); closed with the reader
     * @return the reader
     * @throws StixJsonException if the document does not start as a JSON object
     */
    public static BundleReader open(InputStream in) {
        return open(in, ReadLimits.DEFAULT);
    }

    /**
     * Starts reading a bundle.
     *
     * @param in the JSON, in UTF-8 (or UTF-16/32, detected); closed with the reader
     * @param limits the bounds on what is accepted
     * @return the reader
     * @throws StixJsonException if the document does not start as a JSON object
     */
    public static BundleReader open(InputStream in, ReadLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        BundleReader reader = new BundleReader(JsonTrees.open(in, limits), limits);
        reader.start();
        return reader;
    }

    static BundleReader open(String text, ReadLimits limits) {
        BundleReader reader = new BundleReader(JsonTrees.open(text, limits), limits);
        reader.start();
        return reader;
    }

    private void start() {
        try {
            JsonToken first = json.next();
            if (first != JsonToken.START_OBJECT) {
                throw json.error(first == null ? "the document is empty; expected a bundle, {\"type\": \"bundle\", …}"
                        : "expected a bundle, {\"type\": \"bundle\", …}, but found " + describe(first));
            }
        } catch (JacksonException e) {
            throw fail(json.failure(e));
        } catch (StixJsonException e) {
            throw fail(e);
        }
    }

    /**
     * Tells whether another object follows, reading up to it.
     *
     * @return {@code true} if {@link #next()} will return an object; {@code false} once the whole
     *         bundle has been read and found well-formed
     * @throws StixJsonException if the document is not a well-formed bundle or breaks a bound
     * @throws java.io.UncheckedIOException if reading the input fails
     */
    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (state == State.FAILED) {
            throw new IllegalStateException("The reader stopped at an error");
        }
        try {
            pending = advance();
        } catch (JacksonException e) {
            throw fail(json.failure(e));
        } catch (RuntimeException e) {
            throw fail(e);
        }
        return pending != null;
    }

    /**
     * Returns the next object.
     *
     * @return the object
     * @throws NoSuchElementException if there is none
     * @throws StixJsonException if the document is not a well-formed bundle or breaks a bound
     */
    @Override
    public StixObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more objects in the bundle");
        }
        StixObject object = pending;
        pending = null;
        return object;
    }

    /** @return how many objects have been read so far */
    public long count() {
        return count;
    }

    /**
     * Returns the bundle's id, once read: the {@code id} may come before or after the objects, and
     * is certain to be known once {@link #hasNext()} has answered {@code false}.
     *
     * @return the id, if read yet
     */
    public Optional<String> bundleId() {
        return Optional.ofNullable(bundleId);
    }

    /** Closes the reader and its input. */
    @Override
    public void close() {
        state = state == State.FAILED ? State.FAILED : State.DONE;
        json.close();
    }

    private StixObject advance() {
        while (true) {
            switch (state) {
                case DONE:
                    return null;
                case IN_OBJECTS: {
                    JsonToken token = json.next();
                    if (token == JsonToken.END_ARRAY) {
                        state = State.IN_BUNDLE;
                        continue;
                    }
                    if (token != JsonToken.START_OBJECT) {
                        throw json.error("expected a STIX object, {…}, but found " + describe(token));
                    }
                    if (count >= limits.maxObjects()) {
                        throw json.error("the bundle has more than " + limits.maxObjects() + " objects");
                    }
                    JsonNode tree = json.readTree();
                    count++;
                    return StixObject.of(tree);
                }
                case IN_BUNDLE: {
                    JsonToken token = json.next();
                    if (token == JsonToken.END_OBJECT) {
                        finish();
                        return null;
                    }
                    bundleProperty(json.currentName());
                    continue;
                }
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    private void bundleProperty(String name) {
        JsonToken value = json.next();
        switch (name) {
            case "type" -> {
                if (value != JsonToken.VALUE_STRING || !json.string().equals("bundle")) {
                    throw json.error("expected \"type\": \"bundle\" but found " + describe(value));
                }
                typeSeen = true;
            }
            case "id" -> {
                if (value != JsonToken.VALUE_STRING) {
                    throw json.error("expected the bundle id, a string, but found " + describe(value));
                }
                bundleId = json.string();
            }
            case "objects" -> {
                if (value != JsonToken.START_ARRAY) {
                    throw json.error("expected a list of objects, […], but found " + describe(value));
                }
                state = State.IN_OBJECTS;
            }
            // Other properties, such as the spec_version of a STIX 2.0 bundle, are not objects.
            default -> json.skipValue();
        }
    }

    private void finish() {
        if (json.next() != null) {
            throw json.error("unexpected content after the end of the bundle");
        }
        state = State.DONE;
        if (!typeSeen) {
            throw new StixJsonException(0, 0, "", "the bundle has no \"type\": \"bundle\"", null);
        }
        if (bundleId == null) {
            throw new StixJsonException(0, 0, "", "the bundle has no \"id\"", null);
        }
    }

    private RuntimeException fail(RuntimeException e) {
        state = State.FAILED;
        pending = null;
        return e;
    }

    private String describe(JsonToken token) {
        if (token == null) {
            return "the end of the document";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "the string \"" + shorten(json.string()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case END_ARRAY -> "the end of the list";
            case END_OBJECT -> "the end of the object";
            default -> token.toString();
        };
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
