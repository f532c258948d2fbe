package org.tocsin.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * The object path of a comparison: a cyber-observable type and the property steps into it, such
 * as {@code file:hashes.'SHA-256'} or {@code email-message:to_refs[*].value}.
 *
 * <p>Property names are kept without quotes: {@code file:hashes.'MD5'} and {@code file:hashes.MD5}
 * are the same path. {@link #toString()} quotes a name only when it has to.
 *
 * @param objectType the cyber-observable type, such as {@code domain-name}
 * @param steps the steps; the first is always a {@link Step.Property}
 */
public record ObjectPath(String objectType, List<Step> steps) {

    /** One step of an object path. */
    public sealed interface Step {

        /**
         * A property of the object or of the dictionary reached so far.
         *
         * @param name the property name, without quotes or escapes; not empty
         */
        record Property(String name) implements Step {
            /** @throws IllegalArgumentException if the name is empty */
            public Property {
                Objects.requireNonNull(name, "name");
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("A property name cannot be empty");
                }
            }

            @Override
            public String toString() {
                return PatternText.isBareName(name) ? "." + name : "." + PatternText.quote(name);
            }
        }

        /**
         * One member of the list reached so far, by position ({@code [0]}).
         *
         * @param position the position as written; the grammar allows negative ones
         */
        record Index(long position) implements Step {
            @Override
            public String toString() {
                return "[" + position + "]";
            }
        }

        /** Any member of the list reached so far ({@code [*]}). */
        record AnyIndex() implements Step {
            @Override
            public String toString() {
                return "[*]";
            }
        }
    }

    /**
     * Creates a path.
     *
     * @throws IllegalArgumentException if the type is not a valid object type name, or the path
     *         does not start with a property
     */
    public ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        steps = List.copyOf(steps);
        if (!PatternText.isObjectType(objectType)) {
            throw new IllegalArgumentException("Not an object type: \"" + objectType + "\"");
        }
        if (steps.isEmpty() || !(steps.get(0) instanceof Step.Property)) {
            throw new IllegalArgumentException("An object path starts with a property name");
        }
    }

    /**
     * Tells whether this path is the given type followed by exactly the given property names.
     *
     * @param type the object type
     * @param names the property names, compared exactly
     * @return whether the path is {@code type:names[0].names[1]...}
     */
    public boolean is(String type, String... names) {
        if (!objectType.equals(type) || steps.size() != names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!(steps.get(i) instanceof Step.Property property) || !property.name().equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    /** Renders the path as pattern text, for example {@code file:hashes.'SHA-256'}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(objectType).append(':');
        String first = ((Step.Property) steps.get(0)).name();
        text.append(PatternText.isBareName(first) ? first : PatternText.quote(first));
        for (int i = 1; i < steps.size(); i++) {
            text.append(steps.get(i));
        }
        return text.toString();
    }
}
