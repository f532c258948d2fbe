package org.tocsin.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlpTests {

    // Pinned character for character from oasis-open/cti-stix-common-objects and the STIX 2.1
    // specification: public code carries wrong and truncated copies of these ids.
    @ParameterizedTest
    @CsvSource({
            "CLEAR, TLP:CLEAR, marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "GREEN, TLP:GREEN, marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "AMBER, TLP:AMBER, marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "AMBER_STRICT, TLP:AMBER+STRICT, marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            "RED, TLP:RED, marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    })
    void carriesTheTlp2LabelAndOasisMarkingDefinitionId(Tlp tlp, String label, String id) {
        assertThat(tlp.label()).isEqualTo(label);
        assertThat(tlp.markingDefinitionId()).isEqualTo(id);
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void parsesItsOwnLabel(Tlp tlp) {
        assertThat(Tlp.parse(tlp.label())).isSameAs(tlp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tlp:red", "TLP:Amber", "TLP: RED", " TLP:RED", "TLP:RED ", "RED",
            "TLP:WHITE", "TLP:AMBER STRICT", "TLP:AMBER_STRICT", "AMBER_STRICT", ""})
    void refusesAnythingButTheFiveLabelsNamingTheValueAndTheAcceptedLabels(String label) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Tlp.parse(label))
                .withMessageContaining("\"" + label + "\"")
                .withMessageContaining("TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED");
    }

    @ParameterizedTest
    @NullSource
    void refusesAMissingLabel(String label) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Tlp.parse(label))
                .withMessageContaining("no label")
                .withMessageContaining("TLP:AMBER+STRICT");
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void readsItsOwnMarkingDefinitionId(Tlp tlp) {
        assertThat(Tlp.fromMarkingDefinitionId(tlp.markingDefinitionId())).contains(tlp);
    }

    @ParameterizedTest
    @CsvSource({
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9, CLEAR",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da, GREEN",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82, AMBER",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed, RED",
    })
    void readsTheTlp1MarkingDefinitionsOfTheStixSpecification(String id, Tlp tlp) {
        assertThat(Tlp.fromMarkingDefinitionId(id)).contains(tlp);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // PAP:RED, a marking definition that is not TLP
            "marking-definition--740d36e5-7714-4c30-961a-3ae632ceee0e",
            // an AMBER+STRICT id of the kind made up in public code, not OASIS's
            "marking-definition--826578e1-40a3-4b46-a9e3-5c8b0c1d8a1e",
            // the right TLP:RED id cut short
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c",
            "MARKING-DEFINITION--E828B379-4E03-4974-9AC4-E53A884C97C1",
            "TLP:RED",
            ""})
    void findsNoLabelForOtherIds(String id) {
        assertThat(Tlp.fromMarkingDefinitionId(id)).isEmpty();
    }

    @Test
    void refusesANullMarkingDefinitionId() {
        assertThatNullPointerException().isThrownBy(() -> Tlp.fromMarkingDefinitionId(null));
    }

    @Test
    void ordersLabelsFromClearToRed() {
        List<Tlp> shuffled = new ArrayList<>(List.of(Tlp.RED, Tlp.CLEAR, Tlp.AMBER_STRICT, Tlp.GREEN, Tlp.AMBER));
        shuffled.sort((a, b) -> a.isStricterThan(b) ? 1 : b.isStricterThan(a) ? -1 : 0);

        assertThat(shuffled).containsExactly(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);
    }

    @Test
    void isNotStricterThanItself() {
        assertThat(Arrays.stream(Tlp.values())).noneMatch(tlp -> tlp.isStricterThan(tlp));
    }

    @Test
    void amberStrictIsStricterThanAmberAndLessStrictThanRed() {
        assertThat(Tlp.AMBER_STRICT.isStricterThan(Tlp.AMBER)).isTrue();
        assertThat(Tlp.AMBER.isStricterThan(Tlp.AMBER_STRICT)).isFalse();
        assertThat(Tlp.RED.isStricterThan(Tlp.AMBER_STRICT)).isTrue();
    }

    @Test
    void derivedProductTakesTheStrictestInputLabel() {
        assertThat(Tlp.strictest(List.of(Tlp.GREEN, Tlp.AMBER_STRICT, Tlp.CLEAR, Tlp.AMBER)))
                .isEqualTo(Tlp.AMBER_STRICT);
        assertThat(Tlp.strictest(Set.of(Tlp.RED, Tlp.CLEAR))).isEqualTo(Tlp.RED);
        assertThat(Tlp.strictest(List.of(Tlp.CLEAR, Tlp.CLEAR))).isEqualTo(Tlp.CLEAR);
        assertThat(Tlp.strictest(List.of(Tlp.GREEN))).isEqualTo(Tlp.GREEN);
    }

    @Test
    void refusesToInventALabelForNoInputs() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Tlp.strictest(List.of()))
                .withMessageContaining("No TLP labels");
    }

    @Test
    void refusesANullAmongTheInputs() {
        assertThatNullPointerException().isThrownBy(() -> Tlp.strictest(Arrays.asList(Tlp.GREEN, null)));
    }

    @ParameterizedTest
    @CsvSource({"CLEAR, clear", "GREEN, green", "AMBER, amber", "AMBER_STRICT, amber+strict", "RED, red"})
    void makesTheOasisTlp2MarkingDefinition(Tlp tlp, String extensionValue) {
        StixObject definition = tlp.markingDefinition();

        assertThat(tlp.extensionValue()).isEqualTo(extensionValue);
        assertThat(definition.type()).isEqualTo("marking-definition");
        assertThat(definition.id()).isEqualTo(tlp.markingDefinitionId());
        assertThat(definition.string("created")).contains("2022-10-01T00:00:00.000Z");
        assertThat(definition.string("name")).contains(tlp.label());
        assertThat(definition.extensions().get(Tlp.TLP_2_EXTENSION_ID).path("tlp_2_0").asString()).isEqualTo(extensionValue);
        assertThat(Tlp.fromMarkingDefinitionId(definition.id())).contains(tlp);
    }
}
