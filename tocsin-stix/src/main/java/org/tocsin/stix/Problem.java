package org.tocsin.stix;

import java.util.Objects;

/**
 * One thing wrong with a STIX object, as validation reports it.
 *
 * @param objectId the object's id; when the id itself is missing or malformed, where the object
 *        is instead: {@code objects[5]} for the sixth object of a bundle, {@code object} for an
 *        object on its own, {@code bundle} for the bundle's own id
 * @param property the property at fault, with a path into it where needed, such as
 *        {@code valid_from} or {@code external_references[0].source_name}
 * @param message what is wrong and, where it helps, what is expected; for an indicator's pattern,
 *        the pattern error with its character position ({@code at 23: expected ']' …})
 */
public record Problem(String objectId, String property, String message) {

    public Problem {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code objectId: property: message}, for showing to a person */
    @Override
    public String toString() {
        return objectId + ": " + property + ": " + message;
    }
}
