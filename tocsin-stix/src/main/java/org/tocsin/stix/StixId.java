package org.tocsin.stix;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A STIX identifier, {@code type--UUID}, such as
 * {@code indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f}.
 *
 * @param type the object type the identifier belongs to
 * @param uuid the UUID, as written (its case is kept)
 */
public record StixId(String type, String uuid) {

    /**
     * Creates an identifier.
     *
     * @throws IllegalArgumentException if {@code type} is not a valid type name or {@code uuid} is
     *         not an RFC 4122 UUID of versions 1 to 5
     */
    public StixId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uuid, "uuid");
        String typeProblem = typeNameProblem(type);
        if (typeProblem != null) {
            throw new IllegalArgumentException("Not a STIX type name: \"" + type + "\": " + typeProblem);
        }
        if (!isUuid(uuid)) {
            throw new IllegalArgumentException("Not an RFC 4122 UUID: \"" + uuid + "\"");
        }
    }

    /**
     * Reads an identifier.
     *
     * @param id the text, such as {@code "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}
     * @return the identifier, or empty if the text is not {@code type--UUID} with a valid type
     *         name and an RFC 4122 UUID
     */
    public static Optional<StixId> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int separator = id.lastIndexOf("--");
        if (separator <= 0) {
            return Optional.empty();
        }
        String type = id.substring(0, separator);
        String uuid = id.substring(separator + 2);
        if (typeNameProblem(type) != null || !isUuid(uuid)) {
            return Optional.empty();
        }
        return Optional.of(new StixId(type, uuid));
    }

    /**
     * Makes a new random (version 4) identifier, as the specification recommends for domain and
     * relationship objects.
     *
     * @param type the object type
     * @return the identifier
     */
    public static StixId random(String type) {
        return new StixId(type, UUID.randomUUID().toString());
    }

    /**
     * Tells what is wrong with a type name, by the rules of the specification: 3 to 250
     * characters, only lower-case ASCII letters, digits and single hyphens, starting with a
     * letter and not ending with a hyphen.
     *
     * @param type the name
     * @return {@code null} if it is valid, else what is wrong
     */
    static String typeNameProblem(String type) {
        if (type.length() < 3 || type.length() > 250) {
            return "a type name has 3 to 250 characters";
        }
        if (type.charAt(0) < 'a' || type.charAt(0) > 'z') {
            return "a type name starts with a lower-case letter";
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return "a type name has only lower-case letters, digits and hyphens";
            }
        }
        if (type.contains("--") || type.endsWith("-")) {
            return "a type name has no double hyphen and does not end with one";
        }
        return null;
    }

    // RFC 4122: 8-4-4-4-12 hexadecimal digits, version 1 to 5, variant 10xx.
    static boolean isUuid(String uuid) {
        if (uuid.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = uuid.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        char version = uuid.charAt(14);
        char variant = Character.toLowerCase(uuid.charAt(19));
        return version >= '1' && version <= '5' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** @return the identifier as written in STIX, {@code type--uuid} */
    @Override
    public String toString() {
        return type + "--" + uuid;
    }
}
