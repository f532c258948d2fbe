package org.tocsin.stix;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.tocsin.stix.pattern.Pattern;
import org.tocsin.stix.pattern.PatternException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks STIX 2.1 objects against the rules of the specification that Tocsin relies on, and
 * reports every problem found, not just the first.
 *
 * <p>What is checked, for every object: {@code type} (a valid type name) and {@code id}
 * ({@code type--UUID}, with the object's own type); {@code spec_version} is {@code "2.1"}; the
 * properties the type requires ({@link StixType#requiredProperties()}, and the one-of rules noted
 * on {@link StixType}); property names; no {@code null} values or empty lists; timestamps in STIX
 * form, {@code created} and {@code modified} to the millisecond, {@code modified} not before
 * {@code created}; {@code confidence}, {@code revoked}, {@code labels} and
 * {@code external_references} of the right shape; {@code _bin} properties base64 and
 * {@code _hex} properties hexadecimal; every {@code _ref} and {@code _refs} property an
 * id, of the right type where the specification says which (a {@code created_by_ref} is an
 * identity, an {@code object_marking_refs} entry a marking definition, a sighting's
 * {@code sighting_of_ref} a domain object, and so on); an indicator's {@code pattern} parses when
 * its {@code pattern_type} is {@code stix}; at most one TLP label per object; and a marking
 * definition with one of the TLP ids says the label that id stands for.
 *
 * <p>Validation does not look across objects: it does not check that referenced objects exist.
 */
public final class Validation {

    private static final Set<String> TIMESTAMPS = Set.of("created", "modified", "valid_from", "valid_until",
            "first_seen", "last_seen", "published", "first_observed", "last_observed", "object_modified",
            "submitted", "analysis_started", "analysis_ended");

    private static final Map<String, Set<String>> OBSERVABLE_TIMESTAMPS = Map.of(
            "network-traffic", Set.of("start", "end"),
            "file", Set.of("ctime", "mtime", "atime"),
            "process", Set.of("created_time"),
            "windows-registry-key", Set.of("modified_time"),
            "email-message", Set.of("date"),
            "user-account", Set.of("account_created", "account_expires", "credential_last_changed",
                    "account_first_login", "account_last_login"),
            "x509-certificate", Set.of("validity_not_before", "validity_not_after"));

    private static final Set<String> NOT_DOMAIN_OBJECTS = Set.of("relationship", "sighting", "marking-definition",
            "language-content", "extension-definition", "bundle");

    private static final Map<String, Set<String>> REF_TYPES = Map.ofEntries(
            Map.entry("created_by_ref", Set.of("identity")),
            Map.entry("object_marking_refs", Set.of("marking-definition")),
            Map.entry("where_sighted_refs", Set.of("identity", "location")),
            Map.entry("observed_data_refs", Set.of("observed-data")),
            Map.entry("sample_refs", Set.of("file", "artifact")),
            Map.entry("operating_system_refs", Set.of("software")),
            Map.entry("installed_software_refs", Set.of("software")),
            Map.entry("host_vm_ref", Set.of("software")),
            Map.entry("operating_system_ref", Set.of("software")),
            Map.entry("sample_ref", Set.of("file", "artifact", "network-traffic")),
            Map.entry("resolves_to_refs", Set.of("ipv4-addr", "ipv6-addr", "domain-name")),
            Map.entry("belongs_to_refs", Set.of("autonomous-system")),
            Map.entry("belongs_to_ref", Set.of("user-account")),
            Map.entry("src_ref", Set.of("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name")),
            Map.entry("dst_ref", Set.of("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name")),
            Map.entry("parent_directory_ref", Set.of("directory")),
            Map.entry("from_ref", Set.of("email-addr")),
            Map.entry("sender_ref", Set.of("email-addr")),
            Map.entry("to_refs", Set.of("email-addr")),
            Map.entry("cc_refs", Set.of("email-addr")),
            Map.entry("bcc_refs", Set.of("email-addr")),
            Map.entry("raw_email_ref", Set.of("artifact")),
            Map.entry("creator_user_ref", Set.of("user-account")),
            Map.entry("image_ref", Set.of("file")),
            Map.entry("parent_ref", Set.of("process")),
            Map.entry("child_refs", Set.of("process")),
            Map.entry("opened_connection_refs", Set.of("network-traffic")));

    private Validation() {
    }

    /**
     * Checks one object on its own. When its id is missing or malformed, problems name it
     * {@code object}.
     *
     * @param object the object
     * @return the problems, in the order of the checks; empty if there are none
     */
    public static List<Problem> check(StixObject object) {
        return new Check(Objects.requireNonNull(object, "object"), "object").run();
    }

    /**
     * Checks one object of a bundle. When its id is missing or malformed, problems name it by its
     * place, {@code objects[index]}.
     *
     * @param object the object
     * @param index its 0-based place in the bundle
     * @return the problems; empty if there are none
     */
    public static List<Problem> check(StixObject object, long index) {
        return new Check(Objects.requireNonNull(object, "object"), "objects[" + index + "]").run();
    }

    /**
     * Checks a bundle: its id and every object in it.
     *
     * @param bundle the bundle
     * @return the problems of all objects, in bundle order; empty if there are none
     */
    public static List<Problem> check(Bundle bundle) {
        List<Problem> problems = new ArrayList<>();
        Optional<StixId> id = StixId.parse(bundle.id());
        if (id.isEmpty() || !id.get().type().equals("bundle")) {
            problems.add(new Problem("bundle", "id", "\"" + shorten(bundle.id()) + "\" is not bundle--UUID"));
        }
        for (int i = 0; i < bundle.objects().size(); i++) {
            problems.addAll(check(bundle.objects().get(i), i));
        }
        return List.copyOf(problems);
    }

    /** The checks of one object. */
    private static final class Check {

        private final StixObject object;
        private final ObjectNode json;
        private final List<Problem> problems = new ArrayList<>();
        private final String where;
        private final String type;
        private final Optional<StixType> known;

        Check(StixObject object, String place) {
            this.object = object;
            this.json = object.json();
            this.type = object.type();
            this.known = StixType.of(type);
            Optional<StixId> id = StixId.parse(object.id());
            this.where = id.isPresent() && id.get().type().equals(type) ? object.id() : place;
        }

        List<Problem> run() {
            checkType();
            checkId();
            checkSpecVersion();
            checkRequired();
            checkNames();
            checkTimestamps();
            checkCommon();
            checkRefs();
            checkTypeSpecific();
            checkTlp();
            return List.copyOf(problems);
        }

        private void report(String property, String message) {
            problems.add(new Problem(where, property, message));
        }

        private void checkType() {
            JsonNode value = json.get("type");
            if (value == null) {
                report("type", "missing; every STIX object has a type");
            } else if (!value.isString()) {
                report("type", "must be a string");
            } else {
                String problem = StixId.typeNameProblem(type);
                if (problem != null) {
                    report("type", "\"" + shorten(type) + "\" is not a valid type name: " + problem);
                }
            }
        }

        private void checkId() {
            JsonNode value = json.get("id");
            if (value == null) {
                report("id", "missing; every STIX object has an id, " + expectedId());
                return;
            }
            if (!value.isString()) {
                report("id", "must be a string, " + expectedId());
                return;
            }
            Optional<StixId> id = StixId.parse(value.stringValue());
            if (id.isEmpty()) {
                report("id", "\"" + shorten(value.stringValue()) + "\" is not " + expectedId());
            } else if (!id.get().type().equals(type)) {
                report("id", "\"" + shorten(value.stringValue()) + "\" does not start with the object's type; expected "
                        + expectedId());
            }
        }

        private String expectedId() {
            return (type.isEmpty() ? "type" : type) + "--UUID (an RFC 4122 UUID)";
        }

        private void checkSpecVersion() {
            JsonNode value = json.get("spec_version");
            if (value != null && !(value.isString() && value.stringValue().equals("2.1"))) {
                report("spec_version", "is " + value + "; Tocsin reads STIX 2.1, \"2.1\"");
            }
        }

        private void checkRequired() {
            if (known.isEmpty()) {
                // A custom object follows the rules of a domain object unless it is an observable.
                if (!json.has("spec_version") && json.has("created")) {
                    report("spec_version", "missing; a STIX 2.1 object has \"spec_version\": \"2.1\"");
                }
                return;
            }
            for (String property : known.get().requiredProperties()) {
                if (!property.equals("type") && !property.equals("id") && !json.has(property)) {
                    report(property, "missing; " + article(type) + " " + type + " needs " + property);
                }
            }
        }

        private void checkNames() {
            for (String name : json.propertyNames()) {
                if (!name.equals("id") && !isPropertyName(name)) {
                    report(shorten(name), "is not a valid property name: 3 to 250 characters of a-z, A-Z, 0-9 and _");
                }
                JsonNode value = json.get(name);
                if (value.isNull()) {
                    report(name, "is null; leave an empty property out");
                } else if (value.isArray() && value.isEmpty()) {
                    report(name, "is an empty list; leave an empty property out");
                } else if (name.endsWith("_bin") && !(value.isString() && isBase64(value.stringValue()))) {
                    report(name, "must be base64, padded to a multiple of 4 characters");
                } else if (name.endsWith("_hex") && !(value.isString() && isHex(value.stringValue()))) {
                    report(name, "must be hexadecimal, an even number of digits");
                }
            }
        }

        private void checkTimestamps() {
            Set<String> extra = OBSERVABLE_TIMESTAMPS.getOrDefault(type, Set.of());
            for (String name : json.propertyNames()) {
                JsonNode value = json.get(name);
                if (!(TIMESTAMPS.contains(name) || extra.contains(name)) || value.isNull()) {
                    continue;
                }
                if (!value.isString()) {
                    report(name, "must be a timestamp string such as 2016-05-12T08:17:27.000Z");
                    continue;
                }
                String problem = StixTimestamp.problem(value.stringValue());
                if (problem != null) {
                    report(name, "\"" + shorten(value.stringValue()) + "\": " + problem);
                } else if ((name.equals("created") || name.equals("modified")) && !hasMilliseconds(value.stringValue())) {
                    report(name, "\"" + value.stringValue() + "\" must be precise to the millisecond, such as "
                            + "2016-05-12T08:17:27.000Z");
                }
            }
            order("created", "modified", "must not be before created");
            order("valid_from", "valid_until", "must be later than valid_from");
            order("first_seen", "last_seen", "must not be before first_seen");
            order("first_observed", "last_observed", "must not be before first_observed");
        }

        private void order(String first, String second, String message) {
            Optional<Instant> from = object.timestamp(first);
            Optional<Instant> to = object.timestamp(second);
            if (from.isPresent() && to.isPresent()) {
                boolean strictly = second.equals("valid_until");
                boolean bad = strictly ? !to.get().isAfter(from.get()) : to.get().isBefore(from.get());
                if (bad) {
                    report(second, json.get(second).stringValue() + " " + message + " "
                            + json.get(first).stringValue());
                }
            }
        }

        private void checkCommon() {
            JsonNode confidence = json.get("confidence");
            if (confidence != null && !(confidence.isIntegralNumber() && confidence.canConvertToInt()
                    && confidence.intValue() >= 0 && confidence.intValue() <= 100)) {
                report("confidence", "must be a whole number from 0 to 100");
            }
            JsonNode revoked = json.get("revoked");
            if (revoked != null && !revoked.isBoolean()) {
                report("revoked", "must be true or false");
            }
            stringList("labels");
            JsonNode references = json.get("external_references");
            if (references != null && !references.isArray()) {
                report("external_references", "must be a list of external references");
            } else if (references != null) {
                for (int i = 0; i < references.size(); i++) {
                    JsonNode reference = references.get(i);
                    JsonNode source = reference.get("source_name");
                    if (!reference.isObject()) {
                        report("external_references[" + i + "]", "must be an object");
                    } else if (source == null || !source.isString()) {
                        report("external_references[" + i + "].source_name", "missing; an external reference names its source");
                    }
                }
            }
        }

        private void stringList(String name) {
            JsonNode value = json.get(name);
            if (value != null && !value.isNull()) {
                boolean ok = value.isArray();
                if (ok) {
                    for (JsonNode member : value) {
                        ok &= member.isString();
                    }
                }
                if (!ok) {
                    report(name, "must be a list of strings");
                }
            }
        }

        private void checkRefs() {
            for (String name : json.propertyNames()) {
                JsonNode value = json.get(name);
                if (value.isNull()) {
                    continue;
                }
                if (name.endsWith("_ref")) {
                    checkRef(name, name, value);
                } else if (name.endsWith("_refs")) {
                    if (!value.isArray()) {
                        report(name, "must be a list of ids");
                        continue;
                    }
                    for (int i = 0; i < value.size(); i++) {
                        checkRef(name, name + "[" + i + "]", value.get(i));
                    }
                }
            }
            JsonNode granular = json.get("granular_markings");
            if (granular != null && granular.isArray()) {
                for (int i = 0; i < granular.size(); i++) {
                    JsonNode marking = granular.get(i).get("marking_ref");
                    if (marking != null) {
                        checkRef("object_marking_refs", "granular_markings[" + i + "].marking_ref", marking);
                    }
                }
            }
        }

        private void checkRef(String name, String property, JsonNode value) {
            if (!value.isString()) {
                report(property, "must be an id, type--UUID");
                return;
            }
            Optional<StixId> id = StixId.parse(value.stringValue());
            if (id.isEmpty()) {
                report(property, "\"" + shorten(value.stringValue()) + "\" is not an id, type--UUID");
                return;
            }
            String target = id.get().type();
            Set<String> allowed = REF_TYPES.get(name);
            if (allowed != null && !allowed.contains(target)) {
                report(property, "refers to " + article(target) + " " + target + "; expected " + String.join(" or ",
                        allowed.stream().sorted().toList()));
            }
            Predicate<String> domainObject = t -> !NOT_DOMAIN_OBJECTS.contains(t)
                    && StixType.of(t).map(k -> k.category() == StixType.Category.DOMAIN).orElse(true);
            if (name.equals("sighting_of_ref") && type.equals("sighting") && !domainObject.test(target)) {
                report(property, "refers to " + article(target) + " " + target + "; a sighting is of a domain object, "
                        + "such as an indicator or malware");
            }
            if ((name.equals("source_ref") || name.equals("target_ref")) && type.equals("relationship")
                    && NOT_DOMAIN_OBJECTS.contains(target)) {
                report(property, "refers to " + article(target) + " " + target
                        + "; a relationship joins domain or cyber-observable objects");
            }
        }

        private void checkTypeSpecific() {
            switch (type) {
                case "indicator" -> checkPattern();
                case "location" -> {
                    if (!json.has("region") && !json.has("country") && !(json.has("latitude") && json.has("longitude"))) {
                        report("region", "missing; a location needs region, country, or latitude and longitude");
                    }
                }
                case "file" -> {
                    if (!json.has("hashes") && !json.has("name")) {
                        report("hashes", "missing; a file needs hashes or a name");
                    }
                }
                case "malware" -> {
                    JsonNode family = json.get("is_family");
                    if (family != null && !family.isBoolean()) {
                        report("is_family", "must be true or false");
                    } else if (family != null && family.booleanValue() && !json.has("name")) {
                        report("name", "missing; a malware family needs a name");
                    }
                }
                case "marking-definition" -> {
                    boolean definition = json.has("definition_type") && json.has("definition");
                    if (!definition && !json.has("extensions")) {
                        report("definition", "missing; a marking definition needs definition_type and definition, "
                                + "or an extension such as TLP 2.0's");
                    }
                }
                case "sighting" -> wholeNumber("count", 0, 999_999_999);
                case "observed-data" -> wholeNumber("number_observed", 1, 999_999_999);
                default -> {
                }
            }
        }

        private void wholeNumber(String name, long min, long max) {
            JsonNode value = json.get(name);
            if (value != null && !(value.isIntegralNumber() && value.canConvertToLong()
                    && value.longValue() >= min && value.longValue() <= max)) {
                report(name, "must be a whole number from " + min + " to " + max);
            }
        }

        private void checkPattern() {
            JsonNode patternType = json.get("pattern_type");
            JsonNode pattern = json.get("pattern");
            if (patternType == null || !patternType.isString() || !patternType.stringValue().equals("stix")) {
                return;
            }
            if (pattern == null) {
                return;
            }
            if (!pattern.isString()) {
                report("pattern", "must be a string");
                return;
            }
            try {
                Pattern.parse(pattern.stringValue());
            } catch (PatternException e) {
                report("pattern", e.getMessage());
            }
        }

        private void checkTlp() {
            Set<Tlp> labels = new LinkedHashSet<>();
            object.objectMarkingRefs().forEach(id -> Tlp.fromMarkingDefinitionId(id).ifPresent(labels::add));
            if (labels.size() > 1) {
                report("object_marking_refs", "carries more than one TLP label ("
                        + String.join(", ", labels.stream().map(Tlp::label).toList()) + "); give an object one label");
            }
            if (type.equals("marking-definition")) {
                Tlp.fromMarkingDefinitionId(object.id()).ifPresent(this::checkTlpDefinition);
            }
        }

        private void checkTlpDefinition(Tlp tlp) {
            String said;
            if (tlp.isTlp1MarkingDefinitionId(object.id())) {
                JsonNode definition = json.path("definition").path("tlp");
                said = definition.isString() ? Tlp.fromTlp1Name(definition.stringValue()).map(Tlp::label)
                        .orElse("\"" + shorten(definition.stringValue()) + "\"") : "nothing";
                if (said.equals(tlp.label())) {
                    return;
                }
            } else {
                JsonNode value = json.path("extensions").path(Tlp.TLP_2_EXTENSION_ID).path("tlp_2_0");
                JsonNode name = json.get("name");
                boolean extensionOk = value.isString() && value.stringValue().equals(tlp.extensionValue());
                boolean nameOk = name == null || (name.isString() && name.stringValue().equals(tlp.label()));
                if (extensionOk && nameOk) {
                    return;
                }
                said = !extensionOk ? (value.isString() ? "tlp_2_0 \"" + shorten(value.stringValue()) + "\"" : "no tlp_2_0")
                        : "name \"" + shorten(name.asString()) + "\"";
            }
            report("id", "is the id of " + tlp.label() + ", but the definition says " + said
                    + "; the TLP marking definitions are fixed by OASIS and cannot be redefined");
        }
    }

    private static boolean hasMilliseconds(String timestamp) {
        int dot = timestamp.indexOf('.');
        return dot > 0 && timestamp.length() - dot - 2 >= 3;
    }

    private static boolean isBase64(String text) {
        if (text.length() % 4 != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean padding = c == '=' && i >= text.length() - 2 && (i == text.length() - 1 || text.charAt(i + 1) == '=');
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || padding)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String text) {
        if (text.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPropertyName(String name) {
        if (name.length() < 3 || name.length() > 250) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String article(String word) {
        return !word.isEmpty() && "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
