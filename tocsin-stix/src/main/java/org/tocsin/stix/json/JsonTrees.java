package org.tocsin.stix.json;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON values from a streaming parser into trees, under {@link ReadLimits}: Jackson's
 * {@link StreamReadConstraints} bound the document, nesting, strings, numbers and names, and this
 * class bounds the size of each tree it builds. Numbers are kept exactly (decimals as
 * {@link java.math.BigDecimal}), so that what is read is written back unchanged.
 */
final class JsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_NUMBER_LENGTH = 256;
    private static final int MAX_NAME_LENGTH = 4096;

    /** Writes trees; reading never goes through it, so it needs no limits. */
    static final JsonMapper WRITER = JsonMapper.builder().build();

    private final JsonParser parser;
    private final ReadLimits limits;

    private JsonTrees(JsonParser parser, ReadLimits limits) {
        this.parser = parser;
        this.limits = limits;
    }

    private static final JsonFactory DEFAULT_FACTORY = factory(ReadLimits.DEFAULT);

    static JsonTrees open(InputStream in, ReadLimits limits) {
        try {
            return new JsonTrees(factoryFor(limits).createParser(ObjectReadContext.empty(), new Source(in)), limits);
        } catch (JacksonException e) {
            throw new JsonTrees(null, limits).failure(e);
        }
    }

    static JsonTrees open(String json, ReadLimits limits) {
        try {
            return new JsonTrees(factoryFor(limits).createParser(ObjectReadContext.empty(), json), limits);
        } catch (JacksonException e) {
            throw new JsonTrees(null, limits).failure(e);
        }
    }

    private static JsonFactory factoryFor(ReadLimits limits) {
        return limits.equals(ReadLimits.DEFAULT) ? DEFAULT_FACTORY : factory(limits);
    }

    private static JsonFactory factory(ReadLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                // Two values for one property could be read differently by different tools.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** @return the next token, or {@code null} at the end of the input */
    JsonToken next() {
        return parser.nextToken();
    }

    JsonToken current() {
        return parser.currentToken();
    }

    String currentName() {
        return parser.currentName();
    }

    String string() {
        return parser.getString();
    }

    void skipValue() {
        parser.skipChildren();
    }

    /**
     * Reads the value whose first token is current, to a tree no larger than
     * {@link ReadLimits#maxObjectBytes()}.
     */
    JsonNode readTree() {
        long start = offset(parser.currentTokenLocation());
        return value(parser.currentToken(), start);
    }

    private JsonNode value(JsonToken token, long start) {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = advance(start); t != JsonToken.END_OBJECT; t = advance(start)) {
                    String name = parser.currentName();
                    object.set(name, value(advance(start), start));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = advance(start); t != JsonToken.END_ARRAY; t = advance(start)) {
                    array.add(value(t, start));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return DecimalNode.valueOf(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw error("unexpected " + token);
        }
    }

    private JsonToken advance(long start) {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw error("the JSON ends in the middle of a value");
        }
        long size = offset(parser.currentLocation()) - start;
        if (start >= 0 && size > limits.maxObjectBytes()) {
            throw error("object is larger than " + limits.maxObjectBytes() + " bytes");
        }
        return token;
    }

    private static long offset(TokenStreamLocation location) {
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    /** An error at the current token, naming its place. */
    StixJsonException error(String problem) {
        TokenStreamLocation location = parser.currentTokenLocation();
        TokenStreamContext context = parser.streamReadContext();
        if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
            // The value at fault is the container just opened: name its place in its parent.
            context = context.getParent();
        }
        return new StixJsonException(location.getLineNr(), location.getColumnNr(), path(context), problem, null);
    }

    /** Turns an exception of Jackson's into one naming the place and the problem. */
    RuntimeException failure(JacksonException e) {
        if (e instanceof JacksonIOException io && io.getCause() instanceof SourceFailure failure) {
            return new UncheckedIOException((IOException) failure.getCause());
        }
        if (e instanceof JacksonIOException io && io.getCause() != null) {
            // Not a failure to read (that is a SourceFailure) but bytes that are no text in an
            // encoding JSON allows: the document's fault.
            return new StixJsonException(0, 0, parser == null ? "" : path(parser.streamReadContext()),
                    "the document is not text in UTF-8, UTF-16 or UTF-32 (" + io.getCause().getMessage() + ")", e);
        }
        TokenStreamLocation location = e.getLocation() != null ? e.getLocation() : TokenStreamLocation.NA;
        String path = parser == null ? "" : path(parser.streamReadContext());
        String problem = e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            // Jackson names its own configuration method; the reader of the message needs only the limit.
            problem = problem.replaceAll(" ?\\(?,? ?from `[^`]*`\\)?", "").trim();
        }
        return new StixJsonException(Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0), path,
                problem, e);
    }

    void close() {
        parser.close();
    }

    /** An input stream whose own failures are told apart from Jackson's complaints about the bytes it gave. */
    private static final class Source extends FilterInputStream {

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }

    /** A failure of the input stream itself: reported as an {@link UncheckedIOException} of its cause. */
    private static final class SourceFailure extends IOException {

        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The path of a parsing context as {@code objects[5].labels[2]}. */
    static String path(TokenStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String step;
            if (c.inArray()) {
                step = "[" + Math.max(c.getCurrentIndex(), 0) + "]";
            } else if (c.currentName() != null) {
                step = "." + c.currentName();
            } else {
                continue;
            }
            path.insert(0, step);
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }
}
