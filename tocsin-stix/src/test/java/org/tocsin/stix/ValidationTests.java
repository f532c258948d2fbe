package org.tocsin.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tocsin.stix.json.StixJson;

import tools.jackson.databind.json.JsonMapper;

class ValidationTests {

    private static final String INDICATOR_ID = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

    private static Bundle everyType() {
        try (InputStream in = ValidationTests.class.getResourceAsStream("json/every-type.json")) {
            return StixJson.readBundle(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StixObject indicator(String extra) {
        return StixJson.readObject("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + INDICATOR_ID + "\","
                + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\","
                + "\"pattern\":\"[domain-name:value = 'evil.example']\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2016-05-12T08:17:27Z\"" + extra + "}");
    }

    private static StixObject json(String json) {
        return StixJson.readObject(json);
    }

    @Test
    void findsNothingWrongWithTheExamplesOfEveryType() {
        assertThat(Validation.check(everyType())).isEmpty();
    }

    @Test
    void findsNothingWrongWithAWellFormedIndicator() {
        assertThat(Validation.check(indicator(""))).isEmpty();
    }

    @Test
    void namesTheIndicatorAndPropertyForEachMissingRequiredProperty() {
        StixObject object = indicator("").without("pattern").without("valid_from").without("modified");

        assertThat(Validation.check(object)).containsExactly(
                new Problem(INDICATOR_ID, "modified", "missing; an indicator needs modified"),
                new Problem(INDICATOR_ID, "pattern", "missing; an indicator needs pattern"),
                new Problem(INDICATOR_ID, "valid_from", "missing; an indicator needs valid_from"));
    }

    @Test
    void givesThePatternErrorWithItsCharacterPosition() {
        StixObject object = indicator("").with("pattern", "[domain-name:value = 'evil.example' AND]");

        assertThat(Validation.check(object)).containsExactly(new Problem(INDICATOR_ID, "pattern",
                "at 39: expected an object path such as file:name, EXISTS or '(' but found ']'"));
    }

    @Test
    void leavesPatternsOfOtherLanguagesAlone() {
        StixObject object = indicator("").with("pattern", "alert tcp any any -> any any (msg:\"x\";)")
                .with("pattern_type", "snort");

        assertThat(Validation.check(object)).isEmpty();
    }

    @Test
    void namesTheRequiredPropertiesOfRelationshipsAndSightings() {
        StixObject relationship = json("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
                + "\"id\":\"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad\","
                + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\"}");
        StixObject sighting = json("{\"type\":\"sighting\",\"spec_version\":\"2.1\","
                + "\"id\":\"sighting--ee20065d-2555-424f-ad9e-0f8428623c75\","
                + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\"}");

        assertThat(Validation.check(relationship)).extracting(Problem::property)
                .containsExactly("relationship_type", "source_ref", "target_ref");
        assertThat(Validation.check(sighting)).containsExactly(new Problem(
                "sighting--ee20065d-2555-424f-ad9e-0f8428623c75", "sighting_of_ref", "missing; a sighting needs sighting_of_ref"));
    }

    @Test
    void namesTheObjectByItsPlaceInTheBundleWhenItsIdIsBad() {
        StixObject badId = indicator("").with("id", "indicator--not-a-uuid");
        StixObject wrongType = indicator("").with("id", "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        StixObject noId = indicator("").without("id");

        assertThat(Validation.check(badId, 3)).containsExactly(new Problem("objects[3]", "id",
                "\"indicator--not-a-uuid\" is not indicator--UUID (an RFC 4122 UUID)"));
        assertThat(Validation.check(wrongType, 4)).containsExactly(new Problem("objects[4]", "id",
                "\"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\" does not start with the object's type; "
                        + "expected indicator--UUID (an RFC 4122 UUID)"));
        assertThat(Validation.check(noId)).containsExactly(new Problem("object", "id",
                "missing; every STIX object has an id, indicator--UUID (an RFC 4122 UUID)"));
    }

    @Test
    void refusesBadTypeNames() {
        assertThat(Validation.check(json("{\"type\":\"X_Thing\",\"id\":\"X_Thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}")))
                .extracting(Problem::objectId, Problem::property)
                .contains(org.assertj.core.groups.Tuple.tuple("object", "type"));
        assertThat(Validation.check(json("{\"id\":\"x\"}"))).extracting(Problem::property).contains("type", "id");
    }

    @Test
    void refusesOtherSpecVersions() {
        assertThat(Validation.check(indicator("").with("spec_version", "2.0"))).containsExactly(
                new Problem(INDICATOR_ID, "spec_version", "is \"2.0\"; Tocsin reads STIX 2.1, \"2.1\""));
    }

    @Test
    void refusesMalformedTimestampsAndTimestampsOutOfOrder() {
        StixObject object = indicator("")
                .with("created", "2016-05-12T08:17:27Z")
                .with("modified", "2016-05-11T08:17:27.000Z")
                .with("valid_from", "2016-02-30T00:00:00Z")
                .with("valid_until", "2016-05-12 08:17");

        assertThat(Validation.check(object)).containsExactly(
                new Problem(INDICATOR_ID, "created",
                        "\"2016-05-12T08:17:27Z\" must be precise to the millisecond, such as 2016-05-12T08:17:27.000Z"),
                new Problem(INDICATOR_ID, "valid_from", "\"2016-02-30T00:00:00Z\": no such date: 2016-02-30"),
                new Problem(INDICATOR_ID, "valid_until",
                        "\"2016-05-12 08:17\": expected a timestamp such as 2016-05-12T08:17:27.000Z"),
                new Problem(INDICATOR_ID, "modified",
                        "2016-05-11T08:17:27.000Z must not be before created 2016-05-12T08:17:27Z"));
    }

    @Test
    void requiresValidUntilToBeLaterThanValidFrom() {
        assertThat(Validation.check(indicator(",\"valid_until\":\"2016-05-12T08:17:27Z\""))).containsExactly(
                new Problem(INDICATOR_ID, "valid_until", "2016-05-12T08:17:27Z must be later than valid_from 2016-05-12T08:17:27Z"));
    }

    @Test
    void checksThatRefsAreIdsOfTheRightType() {
        StixObject object = indicator(",\"created_by_ref\":\"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
                + "\"object_marking_refs\":[\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\",\"TLP:RED\"],"
                + "\"granular_markings\":[{\"marking_ref\":\"identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"selectors\":[\"name\"]}]");

        assertThat(Validation.check(object)).containsExactly(
                new Problem(INDICATOR_ID, "created_by_ref", "refers to a malware; expected identity"),
                new Problem(INDICATOR_ID, "object_marking_refs[1]", "\"TLP:RED\" is not an id, type--UUID"),
                new Problem(INDICATOR_ID, "granular_markings[0].marking_ref",
                        "refers to an identity; expected marking-definition"));
    }

    @Test
    void requiresASightingToBeOfADomainObjectSeenByAnIdentityOrLocation() {
        StixObject sighting = json("{\"type\":\"sighting\",\"spec_version\":\"2.1\","
                + "\"id\":\"sighting--ee20065d-2555-424f-ad9e-0f8428623c75\","
                + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\","
                + "\"sighting_of_ref\":\"domain-name--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
                + "\"where_sighted_refs\":[\"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"],\"count\":-1}");

        assertThat(Validation.check(sighting)).extracting(Problem::property, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sighting_of_ref",
                        "refers to a domain-name; a sighting is of a domain object, such as an indicator or malware"),
                org.assertj.core.groups.Tuple.tuple("where_sighted_refs[0]", "refers to a malware; expected identity or location"),
                org.assertj.core.groups.Tuple.tuple("count", "must be a whole number from 0 to 999999999"));
    }

    @Test
    void refusesARelationshipToAMarkingDefinition() {
        StixObject relationship = json("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
                + "\"id\":\"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad\","
                + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\","
                + "\"relationship_type\":\"uses\",\"source_ref\":\"" + INDICATOR_ID + "\","
                + "\"target_ref\":\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\"}");

        assertThat(Validation.check(relationship)).extracting(Problem::property).containsExactly("target_ref");
    }

    @Test
    void checksTheShapeOfTheCommonProperties() {
        StixObject object = indicator(",\"confidence\":101,\"revoked\":\"no\",\"labels\":[\"a\",1],"
                + "\"external_references\":[{\"url\":\"https://x.example\"}],\"x_empty\":[],\"x_null\":null,"
                + "\"X-Bad\":1,\"x_payload_bin\":\"abc\",\"x_magic_hex\":\"fg\"");

        assertThat(Validation.check(object)).extracting(Problem::property).containsExactly(
                "x_empty", "x_null", "X-Bad", "x_payload_bin", "x_magic_hex",
                "confidence", "revoked", "labels", "external_references[0].source_name");
    }

    @Test
    void refusesMoreThanOneTlpLabelOnAnObject() {
        StixObject object = indicator(",\"object_marking_refs\":[\"" + Tlp.GREEN.markingDefinitionId()
                + "\",\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\"]");

        assertThat(Validation.check(object)).containsExactly(new Problem(INDICATOR_ID, "object_marking_refs",
                "carries more than one TLP label (TLP:GREEN, TLP:RED); give an object one label"));
    }

    @Test
    void acceptsTheSameLabelGivenByItsTlp1AndTlp2Ids() {
        StixObject object = indicator(",\"object_marking_refs\":[\"" + Tlp.AMBER.markingDefinitionId()
                + "\",\"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82\"]");

        assertThat(Validation.check(object)).isEmpty();
    }

    @Test
    void refusesAMarkingDefinitionThatRedefinesATlpId() {
        StixObject relabelled = Tlp.RED.markingDefinition().with("name", "TLP:CLEAR");
        StixObject wrongExtension = Tlp.RED.markingDefinition().with("extensions", JsonMapper.shared().readTree(
                "{\"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":{\"extension_type\":\"property-extension\",\"tlp_2_0\":\"clear\"}}"));
        StixObject tlp1 = json("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
                + "\"id\":\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\",\"created\":\"2017-01-20T00:00:00.000Z\","
                + "\"definition_type\":\"tlp\",\"name\":\"TLP:RED\",\"definition\":{\"tlp\":\"red\"}}");

        assertThat(Validation.check(relabelled)).containsExactly(new Problem(Tlp.RED.markingDefinitionId(), "id",
                "is the id of TLP:RED, but the definition says name \"TLP:CLEAR\"; "
                        + "the TLP marking definitions are fixed by OASIS and cannot be redefined"));
        assertThat(Validation.check(wrongExtension)).extracting(Problem::message)
                .containsExactly("is the id of TLP:RED, but the definition says tlp_2_0 \"clear\"; "
                        + "the TLP marking definitions are fixed by OASIS and cannot be redefined");
        assertThat(Validation.check(tlp1)).isEmpty();
        assertThat(Validation.check(tlp1.with("definition", JsonMapper.shared().readTree("{\"tlp\":\"white\"}"))))
                .extracting(Problem::message).containsExactly("is the id of TLP:RED, but the definition says TLP:CLEAR; "
                        + "the TLP marking definitions are fixed by OASIS and cannot be redefined");
    }

    @Test
    void checksTheOneOfRulesOfLocationsFilesAndMarkingDefinitions() {
        StixObject location = json("{\"type\":\"location\",\"spec_version\":\"2.1\","
                + "\"id\":\"location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64\",\"created\":\"2016-05-12T08:17:27.000Z\","
                + "\"modified\":\"2016-05-12T08:17:27.000Z\",\"latitude\":51.5}");
        StixObject file = json("{\"type\":\"file\",\"id\":\"file--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64\",\"size\":5}");
        StixObject marking = json("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
                + "\"id\":\"marking-definition--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64\",\"created\":\"2016-05-12T08:17:27.000Z\"}");

        assertThat(Validation.check(location)).extracting(Problem::property).containsExactly("region");
        assertThat(Validation.check(file)).extracting(Problem::property).containsExactly("hashes");
        assertThat(Validation.check(marking)).extracting(Problem::property).containsExactly("definition");
    }

    @Test
    void reportsEveryProblemOfEveryObjectOfABundleInOrder() {
        Bundle bundle = new Bundle("bundle--nope", List.of(indicator(""), indicator("").without("pattern"),
                indicator("").with("id", "x")));

        assertThat(Validation.check(bundle)).extracting(Problem::toString).containsExactly(
                "bundle: id: \"bundle--nope\" is not bundle--UUID",
                INDICATOR_ID + ": pattern: missing; an indicator needs pattern",
                "objects[2]: id: \"x\" is not indicator--UUID (an RFC 4122 UUID)");
    }
}
