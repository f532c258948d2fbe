package org.tocsin.stix.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tocsin.stix.Bundle;
import org.tocsin.stix.StixObject;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.Validation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tocsin writes is valid by the OASIS STIX 2.1 JSON schemas: every object type it reads and
 * writes back, the bundles it writes, the TLP marking definitions and objects it builds. The
 * schemas are read in place from the shared folder (see {@link OasisSchemas}); these tests fail,
 * rather than skip, if it is missing.
 */
class OasisSchemaTests {

    private static final Instant CREATED = Instant.parse("2024-03-01T09:30:00Z");
    private static final String AUTHORITY = "identity--0c6a2b7e-8f1e-4a55-9e5d-4c3f2a1b0d9e";

    private static JsonNode written(StixObject object) {
        return JsonMapper.shared().readTree(StixJson.write(object));
    }

    @Test
    void everyObjectTypeIsValidByItsSchemaAfterTocsinWritesIt() {
        List<StixObject> objects = StixJsonTests.everyType().objects();

        assertThat(objects).hasSizeGreaterThan(40);
        for (StixObject object : objects) {
            OasisSchemas.assertValid(written(object));
        }
    }

    @Test
    void aWrittenBundleIsValidByTheBundleSchema() {
        // The OASIS bundle schema lists the types it has schemas for and lets any other object
        // through only if it matches exactly one of core.json and cyber-observable-core.json. A
        // domain-like object matches both, so that schema refuses every location, note, opinion,
        // grouping, extension definition and custom object. Those are validated on their own, by
        // their own schemas, above; the bundle is checked with the objects of the listed types.
        Bundle everyType = StixJsonTests.everyType();
        List<String> listedTypes = OasisSchemas.typesListedByTheBundleSchema();
        List<StixObject> listed = everyType.objects().stream().filter(o -> listedTypes.contains(o.type())).toList();
        JsonNode bundle = JsonMapper.shared().readTree(StixJson.write(new Bundle(everyType.id(), listed)));

        assertThat(listedTypes).contains("indicator", "malware", "sighting", "marking-definition", "file")
                .doesNotContain("location", "note", "opinion");
        assertThat(listed).hasSizeGreaterThan(30);
        assertThat(OasisSchemas.validate("common/bundle.json", bundle)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void theTlp2MarkingDefinitionsAreValid(Tlp tlp) {
        OasisSchemas.assertValid(written(tlp.markingDefinition()));
        assertThat(Validation.check(tlp.markingDefinition())).isEmpty();
    }

    @Test
    void theAmberStrictMarkingDefinitionIsTheOneOasisPublishes() {
        // oasis-open/cti-stix-common-objects, extension-definition-specifications/tlp-2.0/examples/tlp-amber+strict.json
        JsonNode published = JsonMapper.shared().readTree("""
                {
                    "type": "marking-definition",
                    "spec_version": "2.1",
                    "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
                    "created": "2022-10-01T00:00:00.000Z",
                    "name": "TLP:AMBER+STRICT",
                    "extensions": {
                        "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                            "extension_type": "property-extension",
                            "tlp_2_0" : "amber+strict"
                        }
                    }
                }""");

        assertThat(written(Tlp.AMBER_STRICT.markingDefinition())).isEqualTo(published);
    }

    @Test
    void objectsBuiltByTocsinAreValid() {
        StixObject identity = StixObject.builder("identity").id(AUTHORITY).created(CREATED).modified(CREATED)
                .put("name", "The Authority").put("identity_class", "organization")
                .objectMarkingRefs(List.of(Tlp.CLEAR.markingDefinitionId())).build();
        StixObject indicator = StixObject.builder("indicator").createdByRef(AUTHORITY).created(CREATED).modified(CREATED)
                .put("name", "Dropper domain")
                .put("pattern", "[domain-name:value = 'evil.example'] OR [file:hashes.'SHA-256' = "
                        + "'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']")
                .put("pattern_type", "stix").put("valid_from", CREATED).put("indicator_types", List.of("malicious-activity"))
                .confidence(80).labels(List.of("letter-2007"))
                .objectMarkingRefs(List.of(Tlp.AMBER_STRICT.markingDefinitionId())).build();
        StixObject report = StixObject.builder("report").createdByRef(AUTHORITY).created(CREATED).modified(CREATED)
                .put("name", "Advisory 2007-001: technical annex").put("published", CREATED)
                .put("report_types", List.of("threat-report")).put("object_refs", List.of(indicator.id()))
                .objectMarkingRefs(List.of(Tlp.AMBER_STRICT.markingDefinitionId())).build();
        StixObject sighting = StixObject.builder("sighting").created(CREATED).modified(CREATED)
                .put("sighting_of_ref", indicator.id()).put("count", 2)
                .put("first_seen", CREATED).put("last_seen", CREATED.plusSeconds(60))
                .put("where_sighted_refs", List.of(AUTHORITY)).build();
        StixObject relationship = StixObject.builder("relationship").created(CREATED).modified(CREATED)
                .put("relationship_type", "related-to").put("source_ref", report.id()).put("target_ref", indicator.id()).build();
        StixObject domain = StixObject.builder("domain-name").put("value", "evil.example").build();

        for (StixObject object : List.of(identity, indicator, report, sighting, relationship, domain)) {
            OasisSchemas.assertValid(written(object));
            assertThat(Validation.check(object)).as(object.type()).isEmpty();
        }
        Bundle bundle = Bundle.of(List.of(Tlp.AMBER_STRICT.markingDefinition(), identity, indicator, report));
        assertThat(OasisSchemas.validate("common/bundle.json", JsonMapper.shared().readTree(StixJson.write(bundle))))
                .isEmpty();
    }

    @Test
    void theSchemasRejectWhatValidationRejects() {
        // A control: the schema validator is live, and agrees with Validation on these.
        StixObject noMilliseconds = StixJsonTests.ofType("indicator").with("created", "2016-05-12T08:17:27Z");
        StixObject noPattern = StixJsonTests.ofType("indicator").without("pattern");
        StixObject badId = StixJsonTests.ofType("malware").with("id", "malware--not-a-uuid");
        StixObject lowConfidence = StixJsonTests.ofType("campaign").with("confidence", JsonMapper.shared().readTree("101"));

        for (StixObject object : List.of(noMilliseconds, noPattern, badId, lowConfidence)) {
            assertThat(OasisSchemas.validate(OasisSchemas.schemaFor(object.type()), written(object)))
                    .as(object.toString()).isNotEmpty();
            assertThat(Validation.check(object)).as(object.toString()).isNotEmpty();
        }
    }

    @Test
    void findsTheSchemasBesideTheRepository() {
        assertThat(OasisSchemas.directory().resolve("sdos/indicator.json")).isRegularFile();
        assertThat(OasisSchemas.directory().toString()).endsWith("shared/stix2-json-schemas/schemas");
    }
}
