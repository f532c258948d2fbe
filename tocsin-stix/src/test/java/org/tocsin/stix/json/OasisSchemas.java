package org.tocsin.stix.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.tocsin.stix.StixType;

import tools.jackson.databind.JsonNode;

/**
 * The OASIS STIX 2.1 JSON schemas (draft 2020-12), read in place from the shared folder beside the
 * repository: {@code ../shared/stix2-json-schemas} from the repository root, wherever the tests
 * run from. The schemas' {@code $id}s point at GitHub; they are served from that folder instead,
 * so nothing is fetched. Public (in the test jar) so that the server's tests check what the server
 * emits with the same schemas.
 */
public final class OasisSchemas {

    private static final String BASE = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    private static final Path DIRECTORY = find();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(OasisSchemas::load));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OasisSchemas() {
    }

    /** The folder of the schemas: from the working directory (the module under Surefire) upwards. */
    private static Path find() {
        String configured = System.getProperty("tocsin.stix.schemas");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/stix2-json-schemas/schemas");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The OASIS STIX schemas are not in shared/stix2-json-schemas/schemas in "
                + Path.of("").toAbsolutePath() + " or a folder above it; set -Dtocsin.stix.schemas=DIR");
    }

    private static String load(String iri) {
        if (!iri.startsWith(BASE)) {
            return null;
        }
        Path file = DIRECTORY.resolve(iri.substring(BASE.length())).normalize();
        if (!file.startsWith(DIRECTORY) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema file for a type: the one the OASIS bundle schema uses for it, or core for custom types. */
    static String schemaFor(String type) {
        return StixType.of(type).map(known -> switch (known.category()) {
            case DOMAIN -> "sdos/" + type + ".json";
            case RELATIONSHIP -> "sros/" + type + ".json";
            case OBSERVABLE -> "observables/" + type + ".json";
            case META -> "common/" + type + ".json";
        }).orElse("common/core.json");
    }

    static List<Error> validate(String schemaFile, JsonNode json) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaFile, file -> REGISTRY.getSchema(SchemaLocation.of(BASE + file)));
        return schema.validate(json);
    }

    /** Asserts that a STIX object is valid by the schema of its type. */
    public static void assertValid(JsonNode object) {
        String type = object.path("type").asString();
        List<Error> errors = validate(schemaFor(type), object);
        assertThat(errors).as("%s against %s: %s", type, schemaFor(type), object).isEmpty();
    }

    /**
     * Asserts that a bundle is valid by the OASIS bundle schema and each of its objects by the
     * schema of its type.
     */
    public static void assertValidBundle(JsonNode bundle) {
        assertThat(validate("common/bundle.json", bundle)).as("bundle %s", bundle.path("id")).isEmpty();
        for (JsonNode object : bundle.path("objects")) {
            assertValid(object);
        }
    }

    /** The types for which the OASIS bundle schema names a schema, from its own text. */
    static List<String> typesListedByTheBundleSchema() {
        JsonNode bundle = tools.jackson.databind.json.JsonMapper.shared().readTree(load(BASE + "common/bundle.json"));
        List<String> types = new java.util.ArrayList<>();
        for (JsonNode option : bundle.at("/properties/objects/items/anyOf/0/oneOf")) {
            String ref = option.path("$ref").asString();
            types.add(ref.substring(ref.lastIndexOf('/') + 1, ref.length() - ".json".length()));
        }
        return types;
    }

    static Path directory() {
        return DIRECTORY;
    }
}
