package org.tocsin.stix.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.tocsin.stix.Bundle;
import org.tocsin.stix.ExternalReference;
import org.tocsin.stix.StixObject;
import org.tocsin.stix.Tlp;

import tools.jackson.databind.node.JsonNodeFactory;

class StixJsonTests {

    static Bundle everyType() {
        try (InputStream in = StixJsonTests.class.getResourceAsStream("every-type.json")) {
            return StixJson.readBundle(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StixObject ofType(String type) {
        return everyType().objects().stream().filter(o -> o.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void theExamplesCoverEveryObjectTypeInCommonUse() {
        Set<String> types = everyType().objects().stream().map(StixObject::type).collect(Collectors.toSet());

        assertThat(types).contains("indicator", "malware", "threat-actor", "intrusion-set", "campaign",
                "attack-pattern", "course-of-action", "vulnerability", "tool", "report", "identity", "location",
                "note", "opinion", "observed-data", "relationship", "sighting", "marking-definition",
                "extension-definition", "grouping", "infrastructure", "domain-name", "ipv4-addr", "ipv6-addr",
                "url", "email-addr", "file", "network-traffic", "artifact", "autonomous-system", "directory",
                "mac-addr", "mutex", "process", "software", "user-account", "windows-registry-key",
                "x509-certificate", "email-message", "x-tocsin-advisory-link");
    }

    @Test
    void readsWritesAndReadsBackEveryObjectTypeUnchanged() {
        for (StixObject object : everyType().objects()) {
            String written = StixJson.write(object);

            StixObject again = StixJson.readObject(written);

            assertThat(again).as(object.type()).isEqualTo(object);
            assertThat(StixJson.write(again)).as(object.type()).isEqualTo(written);
        }
    }

    @Test
    void readsWritesAndReadsBackAWholeBundleUnchanged() {
        Bundle bundle = everyType();

        Bundle again = StixJson.readBundle(StixJson.write(bundle));

        assertThat(again).isEqualTo(bundle);
        assertThat(again.id()).isEqualTo(bundle.id());
    }

    @Test
    void keepsCustomPropertiesNumbersAndTextExactly() {
        StixObject indicator = ofType("indicator");

        String written = StixJson.write(indicator);

        assertThat(written)
                .contains("\"x_tocsin_score\":0.875")
                .contains("\"x_tocsin_big\":123456789012345678901234567890")
                .contains("\"x_tocsin_nested\":{\"a\":[1,2.50,{\"b\":null}],\"c\":true}")
                .contains("\"extension-definition--");
        assertThat(StixJson.write(ofType("x-tocsin-advisory-link")))
                .contains("\"x_weights\":[0.1,0.25,1E+3]")
                .contains("\"x_unicode\":\"Grüße ☃ \uD83D\uDD14\"");
    }

    @Test
    void writesPropertiesInTheOrderRead() {
        StixObject object = StixJson.readObject(
                "{\"id\":\"x-thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"zeta\":1,\"type\":\"x-thing\",\"alpha\":2}");

        assertThat(StixJson.write(object))
                .isEqualTo("{\"id\":\"x-thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"zeta\":1,\"type\":\"x-thing\",\"alpha\":2}");
    }

    @Test
    void writesTheSameBytesForTheSameBundleEveryTime() {
        Bundle bundle = everyType();

        assertThat(StixJson.write(bundle)).isEqualTo(StixJson.write(bundle))
                .isEqualTo(StixJson.write(StixJson.readBundle(StixJson.write(bundle))));
    }

    @Test
    void buildsObjectsWithTheCommonPropertiesFirstAndTimestampsToTheMillisecond() {
        StixObject indicator = StixObject.builder("indicator")
                .id("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")
                .put("pattern", "[domain-name:value = 'evil.example']")
                .modified(Instant.parse("2016-05-12T08:17:27.123456789Z"))
                .created(Instant.parse("2016-05-12T08:17:27Z"))
                .put("pattern_type", "stix")
                .put("valid_from", Instant.parse("2016-05-12T08:17:27.1Z"))
                .objectMarkingRefs(List.of(Tlp.AMBER.markingDefinitionId()))
                .build();

        assertThat(StixJson.write(indicator)).isEqualTo("{\"type\":\"indicator\",\"spec_version\":\"2.1\","
                + "\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2016-05-12T08:17:27.000Z\","
                + "\"modified\":\"2016-05-12T08:17:27.123Z\",\"pattern\":\"[domain-name:value = 'evil.example']\","
                + "\"pattern_type\":\"stix\",\"valid_from\":\"2016-05-12T08:17:27.100Z\","
                + "\"object_marking_refs\":[\"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421\"]}");
    }

    @Test
    void readsBackABuiltObjectAsAnEqualObject() {
        StixObject built = StixObject.builder("sighting")
                .created(Instant.parse("2016-05-12T08:17:27Z")).modified(Instant.parse("2016-05-12T08:17:27Z"))
                .put("sighting_of_ref", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")
                .put("count", 2).confidence(100).put("x_big", new BigInteger("123456789012345678901"))
                .put("x_ratio", new java.math.BigDecimal("0.50")).put("x_long", 5_000_000_000L).put("summary", false)
                .build();

        assertThat(StixJson.readObject(StixJson.write(built))).isEqualTo(built);
    }

    @Test
    void givesTypedAccessToTheCommonProperties() {
        StixObject indicator = ofType("indicator");

        assertThat(indicator.type()).isEqualTo("indicator");
        assertThat(indicator.id()).startsWith("indicator--");
        assertThat(indicator.specVersion()).contains("2.1");
        assertThat(indicator.created()).contains(Instant.parse("2016-05-12T08:17:27Z"));
        assertThat(indicator.modified()).contains(Instant.parse("2017-01-20T00:00:00Z"));
        assertThat(indicator.createdByRef()).hasValueSatisfying(ref -> assertThat(ref).startsWith("identity--"));
        assertThat(indicator.objectMarkingRefs()).containsExactly(Tlp.GREEN.markingDefinitionId());
        assertThat(indicator.tlp()).contains(Tlp.GREEN);
        assertThat(indicator.labels()).containsExactly("apt", "letter-2007");
        assertThat(indicator.confidence()).hasValue(85);
        assertThat(indicator.revoked()).isFalse();
        assertThat(indicator.externalReferences()).containsExactly(new ExternalReference("tocsin", null,
                "https://tocsin.example/advisories/1",
                java.util.Map.of("SHA-256", "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"),
                "ADV-2007-001"));
        assertThat(indicator.extensions()).hasSize(1);
        assertThat(indicator.timestamp("valid_until")).contains(Instant.parse("2017-01-01T00:00:00.5Z"));
        assertThat(indicator.string("pattern_type")).contains("stix");
        assertThat(indicator.property("x_tocsin_big").orElseThrow().bigIntegerValue())
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void answersEmptyForPropertiesThatAreMissingOrMalformed() {
        StixObject object = StixJson.readObject("{\"type\":7,\"created\":\"yesterday\",\"labels\":\"x\",\"confidence\":\"high\"}");

        assertThat(object.type()).isEmpty();
        assertThat(object.id()).isEmpty();
        assertThat(object.created()).isEmpty();
        assertThat(object.labels()).isEmpty();
        assertThat(object.confidence()).isEmpty();
        assertThat(object.tlp()).isEmpty();
    }

    @Test
    void takesTheStrictestTlpLabelAmongTheMarkings() {
        StixObject object = StixObject.builder("note")
                .objectMarkingRefs(List.of(Tlp.GREEN.markingDefinitionId(),
                        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"))
                .build();

        assertThat(object.tlp()).contains(Tlp.RED);
    }

    @Test
    void isImmutable() {
        StixObject object = ofType("identity");
        String before = StixJson.write(object);

        object.json().put("name", "changed");
        object.property("sectors").orElseThrow();
        StixObject changed = object.with("name", "Changed").with("x_new", JsonNodeFactory.instance.numberNode(1))
                .without("contact_information");

        assertThat(StixJson.write(object)).isEqualTo(before);
        assertThat(changed.string("name")).contains("Changed");
        assertThat(changed.propertyNames()).contains("x_new").doesNotContain("contact_information");
    }

    @Test
    void refusesTextThatIsNotJsonNamingTheLineAndColumn() {
        assertThatThrownBy(() -> StixJson.readObject("{\n  \"type\": \"indicator\",\n  \"id\" 5\n}"))
                .isInstanceOf(StixJsonException.class)
                .hasMessageStartingWith("line 3, column 8")
                .satisfies(e -> assertThat(((StixJsonException) e).line()).isEqualTo(3));
    }

    @Test
    void refusesADuplicatedPropertyNamingIt() {
        assertThatThrownBy(() -> StixJson.readObject("{\"type\":\"indicator\",\"labels\":[\"a\"],\"type\":\"malware\"}"))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("Duplicate Object property \"type\"");
    }

    @Test
    void refusesContentAfterTheObject() {
        assertThatThrownBy(() -> StixJson.readObject("{\"type\":\"indicator\"} {}"))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("unexpected content after the end of the object");
    }

    @Test
    void refusesAListWhereAnObjectIsExpected() {
        assertThatThrownBy(() -> StixJson.readObject("[1, 2]"))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("expected a STIX object");
    }

    @Test
    void refusesAnObjectLargerThanTheLimit() {
        ReadLimits limits = new ReadLimits(1 << 20, 16, 10_000, 10, 100);
        String big = "{\"type\":\"x-big\",\"x_list\":[" + "\"0123456789\",".repeat(20) + "\"end\"]}";

        assertThatThrownBy(() -> StixJson.readObject(big, limits))
                .isInstanceOf(StixJsonException.class)
                .hasMessageContaining("object is larger than 100 bytes");
    }
}
