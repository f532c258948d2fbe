package org.tocsin.stix;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Traffic Light Protocol 2.0 label (FIRST, August 2022), with the STIX 2.1 marking definition
 * that carries it.
 *
 * <p>The constants are declared from the least to the most restrictive:
 * {@code CLEAR < GREEN < AMBER < AMBER_STRICT < RED}. {@link #isStricterThan(Tlp)} and
 * {@link #strictest(Collection)} follow that order, which is the one TLP 2.0 uses when a derived
 * product takes the most restrictive label of its inputs.
 *
 * <p>There is deliberately no default label and no "unknown" constant: an item without a valid
 * label is refused, never given one.
 */
public enum Tlp {

    /** Disclosure is not limited. TLP 1.0 called this WHITE. */
    CLEAR("TLP:CLEAR",
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),

    /** Within the recipient's community, never on publicly accessible channels. */
    GREEN("TLP:GREEN",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),

    /** Within the recipient's organisation and its clients, on a need-to-know basis. */
    AMBER("TLP:AMBER",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),

    /** Within the recipient's organisation only, on a need-to-know basis. New in TLP 2.0. */
    AMBER_STRICT("TLP:AMBER+STRICT",
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            null),

    /** For the eyes and ears of the individual recipients only. */
    RED("TLP:RED",
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");

    /** The id of the OASIS extension definition that TLP 2.0 marking definitions carry. */
    public static final String TLP_2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static final String ACCEPTED_LABELS = Arrays.stream(values())
            .map(Tlp::label)
            .collect(Collectors.joining(", "));

    private final String label;
    private final String markingDefinitionId;
    // The STIX 2.1 specification's predefined TLP 1.0 instance; read, never written.
    private final String tlp1MarkingDefinitionId;

    Tlp(String label, String markingDefinitionId, String tlp1MarkingDefinitionId) {
        this.label = label;
        this.markingDefinitionId = markingDefinitionId;
        this.tlp1MarkingDefinitionId = tlp1MarkingDefinitionId;
    }

    /**
     * Returns the label exactly as TLP 2.0 writes it, for example {@code "TLP:AMBER+STRICT"}.
     *
     * @return the label: upper case, no spaces
     */
    public String label() {
        return label;
    }

    /**
     * Returns the id of the STIX 2.1 marking definition for this label, as published by OASIS
     * with the TLP 2.0 extension
     * ({@code extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d}), for example
     * {@code "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"} for AMBER+STRICT.
     * Tocsin writes only these ids.
     *
     * @return the TLP 2.0 marking-definition id
     */
    public String markingDefinitionId() {
        return markingDefinitionId;
    }

    /**
     * Returns the value of the TLP 2.0 extension's {@code tlp_2_0} property for this label: the
     * label in lower case without {@code TLP:}, such as {@code "amber+strict"}.
     *
     * @return the extension value
     */
    public String extensionValue() {
        return label.substring("TLP:".length()).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Returns the STIX 2.1 marking-definition object for this label, exactly as OASIS publishes it
     * in cti-stix-common-objects: the id of {@link #markingDefinitionId()}, {@code created}
     * {@code 2022-10-01T00:00:00.000Z}, the label as {@code name}, and the TLP 2.0 property
     * extension ({@link #TLP_2_EXTENSION_ID}) with {@code tlp_2_0} set to
     * {@link #extensionValue()}. Include it in a bundle whose objects refer to it.
     *
     * @return the marking definition
     */
    public StixObject markingDefinition() {
        ObjectNode extension = JsonNodeFactory.instance.objectNode()
                .put("extension_type", "property-extension")
                .put("tlp_2_0", extensionValue());
        return StixObject.builder("marking-definition")
                .id(markingDefinitionId)
                .put("created", "2022-10-01T00:00:00.000Z")
                .put("name", label)
                .put("extensions", JsonNodeFactory.instance.objectNode().set(TLP_2_EXTENSION_ID, extension))
                .build();
    }

    /**
     * Finds the label of a TLP 1.0 marking definition by its content: {@code "definition_type":
     * "tlp"} with {@code "definition": {"tlp": "white"}} and so on.
     */
    static Optional<Tlp> fromTlp1Name(String name) {
        for (Tlp tlp : values()) {
            if (tlp.tlp1MarkingDefinitionId != null
                    && name.equals(tlp == CLEAR ? "white" : tlp.extensionValue())) {
                return Optional.of(tlp);
            }
        }
        return Optional.empty();
    }

    /** Whether an id is this label's TLP 1.0 marking definition. */
    boolean isTlp1MarkingDefinitionId(String id) {
        return id.equals(tlp1MarkingDefinitionId);
    }

    /**
     * Tells whether this label restricts sharing more than another one.
     *
     * @param other the label to compare with
     * @return {@code true} if this label comes after {@code other} in
     *         {@code CLEAR < GREEN < AMBER < AMBER_STRICT < RED}; {@code false} if it is the same
     *         label or a less restrictive one
     * @throws NullPointerException if {@code other} is {@code null}
     */
    public boolean isStricterThan(Tlp other) {
        return compareTo(Objects.requireNonNull(other, "other")) > 0;
    }

    /**
     * Reads a TLP 2.0 label.
     *
     * <p>Exactly the five labels are accepted, written as TLP 2.0 writes them: {@code TLP:CLEAR},
     * {@code TLP:GREEN}, {@code TLP:AMBER}, {@code TLP:AMBER+STRICT} and {@code TLP:RED}. Lower
     * case, spaces, surrounding white space and the TLP 1.0 {@code TLP:WHITE} are refused rather
     * than guessed at, because a label that was mistyped may have been meant as a stricter one.
     *
     * @param label the label to read
     * @return the matching label
     * @throws IllegalArgumentException if {@code label} is {@code null} or not one of the five
     *         labels; the message names the value given and the labels accepted
     */
    public static Tlp parse(String label) {
        for (Tlp tlp : values()) {
            if (tlp.label.equals(label)) {
                return tlp;
            }
        }
        String given = label == null ? "no label" : "\"" + label + "\"";
        throw new IllegalArgumentException(
                "Not a TLP 2.0 label: " + given + "; expected one of " + ACCEPTED_LABELS);
    }

    /**
     * Finds the label that a STIX marking definition stands for.
     *
     * <p>Both the TLP 2.0 ids (see {@link #markingDefinitionId()}) and the TLP 1.0 ids predefined
     * by the STIX 2.1 specification are recognised. TLP 1.0 WHITE is read as {@link #CLEAR}; its
     * GREEN, AMBER and RED keep their names. TLP 1.0 had no AMBER+STRICT. Whether an AMBER of
     * unknown provenance should be handled as AMBER+STRICT is a sharing policy, not a question of
     * reading the id, and is left to the caller.
     *
     * @param id a marking-definition id, such as an entry of an object's
     *           {@code object_marking_refs}
     * @return the label, or empty if the id is not one of the nine TLP marking definitions (for
     *         example a statement marking or a PAP marking)
     * @throws NullPointerException if {@code id} is {@code null}
     */
    public static Optional<Tlp> fromMarkingDefinitionId(String id) {
        Objects.requireNonNull(id, "id");
        for (Tlp tlp : values()) {
            if (id.equals(tlp.markingDefinitionId) || id.equals(tlp.tlp1MarkingDefinitionId)) {
                return Optional.of(tlp);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the most restrictive of several labels: the label a product derived from inputs with
     * these labels must carry.
     *
     * @param labels the labels of the inputs; duplicates are allowed
     * @return the strictest of them
     * @throws IllegalArgumentException if {@code labels} is empty, because a product of unlabelled
     *         inputs has no label to take, and Tocsin does not invent one
     * @throws NullPointerException if {@code labels} is {@code null} or contains {@code null}
     */
    public static Tlp strictest(Collection<Tlp> labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("No TLP labels given; the strictest of none is undefined");
        }
        Tlp strictest = CLEAR;
        for (Tlp label : labels) {
            if (Objects.requireNonNull(label, "labels contains null").isStricterThan(strictest)) {
                strictest = label;
            }
        }
        return strictest;
    }
}
