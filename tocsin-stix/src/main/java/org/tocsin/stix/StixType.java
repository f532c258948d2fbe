package org.tocsin.stix;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The STIX 2.1 object types Tocsin knows by name, with what kind of object each is and the
 * properties it cannot go without. Objects of other types (custom objects) are read, kept and
 * written all the same; they are only checked against the rules common to all objects.
 */
public enum StixType {

    ATTACK_PATTERN("attack-pattern", Category.DOMAIN, "name"),
    CAMPAIGN("campaign", Category.DOMAIN, "name"),
    COURSE_OF_ACTION("course-of-action", Category.DOMAIN, "name"),
    GROUPING("grouping", Category.DOMAIN, "context", "object_refs"),
    IDENTITY("identity", Category.DOMAIN, "name"),
    INCIDENT("incident", Category.DOMAIN, "name"),
    INDICATOR("indicator", Category.DOMAIN, "pattern", "pattern_type", "valid_from"),
    INFRASTRUCTURE("infrastructure", Category.DOMAIN, "name"),
    INTRUSION_SET("intrusion-set", Category.DOMAIN, "name"),
    /** Also needs {@code region}, {@code country} or {@code latitude} with {@code longitude}. */
    LOCATION("location", Category.DOMAIN),
    MALWARE("malware", Category.DOMAIN, "is_family"),
    MALWARE_ANALYSIS("malware-analysis", Category.DOMAIN, "product"),
    NOTE("note", Category.DOMAIN, "content", "object_refs"),
    OBSERVED_DATA("observed-data", Category.DOMAIN, "first_observed", "last_observed", "number_observed"),
    OPINION("opinion", Category.DOMAIN, "opinion", "object_refs"),
    REPORT("report", Category.DOMAIN, "name", "published", "object_refs"),
    THREAT_ACTOR("threat-actor", Category.DOMAIN, "name"),
    TOOL("tool", Category.DOMAIN, "name"),
    VULNERABILITY("vulnerability", Category.DOMAIN, "name"),

    RELATIONSHIP("relationship", Category.RELATIONSHIP, "relationship_type", "source_ref", "target_ref"),
    SIGHTING("sighting", Category.RELATIONSHIP, "sighting_of_ref"),

    /** Also needs {@code definition_type} with {@code definition}, or {@code extensions}. */
    MARKING_DEFINITION("marking-definition", Category.META),
    EXTENSION_DEFINITION("extension-definition", Category.META,
            "created_by_ref", "modified", "name", "schema", "version", "extension_types"),
    LANGUAGE_CONTENT("language-content", Category.META, "modified", "object_ref", "object_modified", "contents"),

    ARTIFACT("artifact", Category.OBSERVABLE),
    AUTONOMOUS_SYSTEM("autonomous-system", Category.OBSERVABLE, "number"),
    DIRECTORY("directory", Category.OBSERVABLE, "path"),
    DOMAIN_NAME("domain-name", Category.OBSERVABLE, "value"),
    EMAIL_ADDR("email-addr", Category.OBSERVABLE, "value"),
    EMAIL_MESSAGE("email-message", Category.OBSERVABLE, "is_multipart"),
    /** Also needs {@code hashes} or {@code name}. */
    FILE("file", Category.OBSERVABLE),
    IPV4_ADDR("ipv4-addr", Category.OBSERVABLE, "value"),
    IPV6_ADDR("ipv6-addr", Category.OBSERVABLE, "value"),
    MAC_ADDR("mac-addr", Category.OBSERVABLE, "value"),
    MUTEX("mutex", Category.OBSERVABLE, "name"),
    NETWORK_TRAFFIC("network-traffic", Category.OBSERVABLE, "protocols"),
    PROCESS("process", Category.OBSERVABLE),
    SOFTWARE("software", Category.OBSERVABLE, "name"),
    URL("url", Category.OBSERVABLE, "value"),
    USER_ACCOUNT("user-account", Category.OBSERVABLE),
    WINDOWS_REGISTRY_KEY("windows-registry-key", Category.OBSERVABLE),
    X509_CERTIFICATE("x509-certificate", Category.OBSERVABLE);

    /** What kind of STIX object a type is. */
    public enum Category {
        /** A STIX Domain Object (SDO): {@code created} and {@code modified} are required. */
        DOMAIN,
        /** A STIX Relationship Object (SRO): relationship and sighting. */
        RELATIONSHIP,
        /** A STIX Cyber-observable Object (SCO): no {@code created} or {@code modified}. */
        OBSERVABLE,
        /** Marking definitions, extension definitions and language content. */
        META
    }

    private static final Map<String, StixType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(StixType::typeName, Function.identity()));

    private final String typeName;
    private final Category category;
    private final List<String> requiredProperties;

    StixType(String typeName, Category category, String... specific) {
        this.typeName = typeName;
        this.category = category;
        List<String> common = switch (category) {
            case DOMAIN, RELATIONSHIP -> List.of("type", "spec_version", "id", "created", "modified");
            case META -> List.of("type", "spec_version", "id", "created");
            case OBSERVABLE -> List.of("type", "id");
        };
        this.requiredProperties = java.util.stream.Stream.concat(common.stream(), Arrays.stream(specific))
                .distinct().toList();
    }

    /** @return the name used in the {@code type} property, such as {@code "attack-pattern"} */
    public String typeName() {
        return typeName;
    }

    /** @return what kind of object this is */
    public Category category() {
        return category;
    }

    /**
     * Returns the properties an object of this type must have. Rules that need one of several
     * properties (a location's place, a file's hashes or name) are noted on the constant and
     * checked by validation; they are not in this list.
     *
     * @return the property names, common ones first
     */
    public List<String> requiredProperties() {
        return requiredProperties;
    }

    /**
     * Finds a type by its name.
     *
     * @param typeName the value of a {@code type} property
     * @return the type, or empty for a custom or unknown type
     */
    public static Optional<StixType> of(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }
}
