package org.tocsin.stix;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One STIX 2.1 object of any type — domain object, relationship, sighting, marking definition,
 * cyber-observable or custom object — as its full JSON, with typed access to the properties
 * common to all objects.
 *
 * <p>The JSON is kept whole and in its order: properties Tocsin does not know, custom
 * {@code x_} properties, extensions and custom object types all survive reading and writing.
 * A {@code StixObject} is immutable: the JSON handed in is copied, and the JSON handed out is a
 * copy. It may hold an object that breaks STIX rules (a missing id, a bad timestamp); the typed
 * accessors then answer empty, and {@link Validation} says what is wrong.
 *
 * <p>Two objects are equal when their JSON is equal, property order aside. Numbers are held in
 * one form whatever their source ({@code 1} from a builder equals {@code 1} read from text), and
 * decimals exactly as written ({@code 2.50} stays {@code 2.50}).
 */
public final class StixObject {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode json;

    private StixObject(ObjectNode json) {
        this.json = json;
    }

    /**
     * Makes an object of its JSON.
     *
     * @param json a JSON object; it is copied
     * @return the object
     * @throws IllegalArgumentException if {@code json} is not a JSON object
     */
    public static StixObject of(JsonNode json) {
        Objects.requireNonNull(json, "json");
        if (!json.isObject()) {
            throw new IllegalArgumentException("A STIX object is a JSON object, not " + json.getNodeType());
        }
        return new StixObject((ObjectNode) canonical(json));
    }

    /**
     * Copies JSON with each number in one form, so that equal JSON makes equal objects however it
     * was made: integers as the smallest of int, long and big integer that holds them, other
     * numbers as exact decimals.
     */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), canonical(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            node.forEach(member -> copy.add(canonical(member)));
            return copy;
        }
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            return value.bitLength() < 32 ? NODES.numberNode(value.intValue())
                    : value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
        }
        if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                throw new IllegalArgumentException("JSON has no " + node.doubleValue());
            }
            return DecimalNode.valueOf(node.isDouble() || node.isFloat()
                    ? new BigDecimal(Double.toString(node.doubleValue())) : node.decimalValue());
        }
        if (node.isString() || node.isBoolean() || node.isNull()) {
            return node;
        }
        throw new IllegalArgumentException("Not JSON that STIX can hold: " + node.getNodeType());
    }

    /**
     * Starts building an object of a type with a new random id and {@code spec_version} 2.1.
     *
     * @param type the type, such as {@code "indicator"}
     * @return a builder
     */
    public static Builder builder(String type) {
        return new Builder(type).id(StixId.random(type).toString());
    }

    /** @return the {@code type} property, or an empty string if there is none or it is not a string */
    public String type() {
        return string("type").orElse("");
    }

    /** @return the {@code id} property, or an empty string if there is none or it is not a string */
    public String id() {
        return string("id").orElse("");
    }

    /** @return the type as Tocsin knows it, or empty for a custom type */
    public Optional<StixType> knownType() {
        return StixType.of(type());
    }

    /** @return the {@code spec_version} property, if it is a string */
    public Optional<String> specVersion() {
        return string("spec_version");
    }

    /** @return the {@code created} moment, if it is a valid STIX timestamp */
    public Optional<Instant> created() {
        return timestamp("created");
    }

    /** @return the {@code modified} moment, if it is a valid STIX timestamp */
    public Optional<Instant> modified() {
        return timestamp("modified");
    }

    /** @return the {@code created_by_ref} property, if it is a string */
    public Optional<String> createdByRef() {
        return string("created_by_ref");
    }

    /** @return the string members of {@code object_marking_refs}, in order; empty if none */
    public List<String> objectMarkingRefs() {
        return strings("object_marking_refs");
    }

    /** @return the string members of {@code labels}, in order; empty if none */
    public List<String> labels() {
        return strings("labels");
    }

    /** @return the {@code confidence} property, if it is an integer that fits an {@code int} */
    public OptionalInt confidence() {
        JsonNode value = json.get("confidence");
        return value != null && value.isIntegralNumber() && value.canConvertToInt()
                ? OptionalInt.of(value.intValue()) : OptionalInt.empty();
    }

    /** @return whether {@code revoked} is {@code true} */
    public boolean revoked() {
        JsonNode value = json.get("revoked");
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /**
     * Returns the TLP label of this object: the strictest of the TLP marking definitions (TLP 2.0
     * or TLP 1.0) among its {@code object_marking_refs}.
     *
     * @return the label, or empty if no marking reference is a TLP marking definition
     * @see Tlp#fromMarkingDefinitionId(String)
     */
    public Optional<Tlp> tlp() {
        List<Tlp> labels = objectMarkingRefs().stream().flatMap(id -> Tlp.fromMarkingDefinitionId(id).stream()).toList();
        return labels.isEmpty() ? Optional.empty() : Optional.of(Tlp.strictest(labels));
    }

    /** @return the well-formed entries of {@code external_references} (those with a source name), in order */
    public List<ExternalReference> externalReferences() {
        List<ExternalReference> references = new ArrayList<>();
        JsonNode list = json.get("external_references");
        if (list == null || !list.isArray()) {
            return List.of();
        }
        for (JsonNode entry : list) {
            JsonNode source = entry.get("source_name");
            if (entry.isObject() && source != null && source.isString()) {
                Map<String, String> hashes = new LinkedHashMap<>();
                JsonNode hashNode = entry.get("hashes");
                if (hashNode != null && hashNode.isObject()) {
                    hashNode.properties().forEach(e -> {
                        if (e.getValue().isString()) {
                            hashes.put(e.getKey(), e.getValue().stringValue());
                        }
                    });
                }
                references.add(new ExternalReference(source.stringValue(), text(entry, "description"),
                        text(entry, "url"), hashes, text(entry, "external_id")));
            }
        }
        return List.copyOf(references);
    }

    /** @return the {@code extensions} dictionary, copied, by extension name in order; empty if none */
    public Map<String, JsonNode> extensions() {
        JsonNode extensions = json.get("extensions");
        if (extensions == null || !extensions.isObject()) {
            return Map.of();
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        extensions.properties().forEach(e -> copy.put(e.getKey(), e.getValue().deepCopy()));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** @return the names of all properties, in the order of the JSON */
    public Set<String> propertyNames() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(json.propertyNames()));
    }

    /**
     * Returns any property, known or not.
     *
     * @param name the property name
     * @return a copy of the value, or empty if the property is absent
     */
    public Optional<JsonNode> property(String name) {
        JsonNode value = json.get(name);
        return value == null ? Optional.empty() : Optional.of(value.deepCopy());
    }

    /**
     * @param name the property name
     * @return the value, if the property is a string
     */
    public Optional<String> string(String name) {
        return Optional.ofNullable(text(json, name));
    }

    /**
     * @param name the property name
     * @return the string members of the property, in order, if it is a list; empty otherwise
     */
    public List<String> strings(String name) {
        JsonNode list = json.get(name);
        if (list == null || !list.isArray()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(list.size());
        list.forEach(member -> {
            if (member.isString()) {
                values.add(member.stringValue());
            }
        });
        return List.copyOf(values);
    }

    /**
     * @param name the property name
     * @return the moment, if the property is a valid STIX timestamp
     */
    public Optional<Instant> timestamp(String name) {
        return string(name).flatMap(StixTimestamp::parse);
    }

    /** @return a copy of the whole JSON object, in its order */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * Returns a copy of this object with one property set.
     *
     * @param name the property name
     * @param value the value; it is copied
     * @return the new object; the property keeps its place if it was there, else it comes last
     */
    public StixObject with(String name, JsonNode value) {
        ObjectNode copy = json.deepCopy();
        copy.set(Objects.requireNonNull(name, "name"), canonical(Objects.requireNonNull(value, "value")));
        return new StixObject(copy);
    }

    /**
     * Returns a copy of this object with one string property set.
     *
     * @param name the property name
     * @param value the value
     * @return the new object
     */
    public StixObject with(String name, String value) {
        return with(name, NODES.stringNode(Objects.requireNonNull(value, "value")));
    }

    /**
     * Returns a copy of this object without a property.
     *
     * @param name the property name
     * @return the new object, equal to this one if there was no such property
     */
    public StixObject without(String name) {
        ObjectNode copy = json.deepCopy();
        copy.remove(name);
        return new StixObject(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StixObject object && json.equals(object.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    /** @return the object as compact JSON */
    @Override
    public String toString() {
        return json.toString();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /**
     * Builds a STIX object. The common properties come first in the JSON, in the order
     * {@code type, spec_version, id, created_by_ref, created, modified}, then the others in the
     * order they were set, so the same calls always give the same JSON. Timestamps are written with
     * millisecond precision. Nothing is filled in from the clock: {@code created} and
     * {@code modified} are set by the caller.
     */
    public static final class Builder {

        private static final List<String> LEADING =
                List.of("type", "spec_version", "id", "created_by_ref", "created", "modified");

        private final Map<String, JsonNode> properties = new LinkedHashMap<>();

        private Builder(String type) {
            properties.put("type", NODES.stringNode(Objects.requireNonNull(type, "type")));
            properties.put("spec_version", NODES.stringNode("2.1"));
        }

        /** Sets {@code id}. @param id the id @return this builder */
        public Builder id(String id) {
            return put("id", id);
        }

        /** Sets {@code created}, to the millisecond. @param created the moment @return this builder */
        public Builder created(Instant created) {
            return put("created", created);
        }

        /** Sets {@code modified}, to the millisecond. @param modified the moment @return this builder */
        public Builder modified(Instant modified) {
            return put("modified", modified);
        }

        /** Sets {@code created_by_ref}. @param identityId an identity's id @return this builder */
        public Builder createdByRef(String identityId) {
            return put("created_by_ref", identityId);
        }

        /**
         * Sets {@code object_marking_refs}.
         *
         * @param markingDefinitionIds marking-definition ids, such as {@link Tlp#markingDefinitionId()}
         * @return this builder
         */
        public Builder objectMarkingRefs(Collection<String> markingDefinitionIds) {
            return put("object_marking_refs", markingDefinitionIds);
        }

        /** Sets {@code labels}. @param labels the labels @return this builder */
        public Builder labels(Collection<String> labels) {
            return put("labels", labels);
        }

        /** Sets {@code confidence}. @param confidence 0 to 100 @return this builder */
        public Builder confidence(int confidence) {
            return put("confidence", confidence);
        }

        /** Sets a string property. @param name the name @param value the value @return this builder */
        public Builder put(String name, String value) {
            return put(name, NODES.stringNode(Objects.requireNonNull(value, name)));
        }

        /** Sets a timestamp property, to the millisecond. @param name the name @param value the moment @return this builder */
        public Builder put(String name, Instant value) {
            return put(name, StixTimestamp.of(Objects.requireNonNull(value, name)).toString());
        }

        /** Sets an integer property. @param name the name @param value the value @return this builder */
        public Builder put(String name, long value) {
            return put(name, NODES.numberNode(value));
        }

        /** Sets an integer property. @param name the name @param value the value @return this builder */
        public Builder put(String name, BigInteger value) {
            return put(name, NODES.numberNode(Objects.requireNonNull(value, name)));
        }

        /** Sets a number property. @param name the name @param value the value @return this builder */
        public Builder put(String name, BigDecimal value) {
            return put(name, NODES.numberNode(Objects.requireNonNull(value, name)));
        }

        /** Sets a boolean property. @param name the name @param value the value @return this builder */
        public Builder put(String name, boolean value) {
            return put(name, NODES.booleanNode(value));
        }

        /** Sets a list-of-strings property. @param name the name @param values the values @return this builder */
        public Builder put(String name, Collection<String> values) {
            ArrayNode list = NODES.arrayNode();
            Objects.requireNonNull(values, name).forEach(value -> list.add(Objects.requireNonNull(value, name)));
            return put(name, list);
        }

        /** Sets a property to any JSON value. @param name the name @param value the value, copied @return this builder */
        public Builder put(String name, JsonNode value) {
            properties.put(Objects.requireNonNull(name, "name"), canonical(Objects.requireNonNull(value, name)));
            return this;
        }

        /** Removes a property set before, such as {@code spec_version}. @param name the name @return this builder */
        public Builder remove(String name) {
            properties.remove(name);
            return this;
        }

        /** @return the object */
        public StixObject build() {
            ObjectNode json = NODES.objectNode();
            for (String name : LEADING) {
                if (properties.containsKey(name)) {
                    json.set(name, properties.get(name).deepCopy());
                }
            }
            properties.forEach((name, value) -> {
                if (!LEADING.contains(name)) {
                    json.set(name, value.deepCopy());
                }
            });
            return new StixObject(json);
        }
    }
}
