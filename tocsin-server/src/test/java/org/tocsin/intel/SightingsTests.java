package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TestDatabase;
import org.tocsin.TocsinTest;
import org.tocsin.cli.Tocsin;
import org.tocsin.membership.Membership;
import org.tocsin.membership.OrganisationStatus;
import org.tocsin.membership.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Sweep end to end against the real server: a member's {@code tocsin sweep} pulls indicators from
 * Tocsin's own TAXII endpoint, incrementally, finds them in its logs and reports sightings back;
 * the authority sees them by indicator, sector and day, named only as each member agreed; members
 * never see the page.
 */
@TocsinTest
class SightingsTests {

    /** The stored JSON as text: H2 keeps it as UTF-8 bytes (V13). */
    private static final String BODY = TestDatabase.usePostgres() ? "body" : "UTF8TOSTRING(body)";


    static final String ALL_MEMBERS = "442e015a-12fc-5da5-b3b3-54ab911c8403";
    static final String DEFENCE = "fa1422fb-290a-551c-91aa-43dfcf47abee";
    static final String BANKING = "74ce0c4e-ac35-5534-9d86-f9a96ba4ec84";
    static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    static final String AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    private static final DateTimeFormatter BIND = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss.SSS", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    IntelStore store;

    @Autowired
    Membership membership;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    @Test
    void aMembersSweepReportsSightingsThatTheAuthoritySeesNamedAsAgreed() throws Exception {
        var marker = marker();
        var indicator = publish(ALL_MEMBERS, "[domain-name:value = '" + marker + ".example']", GREEN);
        var water = accounts.organisation("water");
        var lead = accounts.member(water, Role.SECURITY_LEAD);
        var log = bindLog("c2." + marker + ".example", "www." + marker + ".example", "benign.example");

        var run = sweep(lead.token(), "/taxii2/tocsin/collections/" + ALL_MEMBERS + "/", "--report", "--report-as",
                "authority", log.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(run.out()).contains("\"indicator\": \"" + indicator + "\"");
        assertThat(run.err()).contains("Reported 1 sighting", "naming " + water.name() + " to the authority only", "1 stored");

        var author = accounts.staff(Role.AUTHOR);
        var overview = overview(author.token());
        var row = row(overview.path("indicators"), "indicator", indicator);
        assertThat(row.path("matches").asInt()).isEqualTo(2);
        assertThat(row.path("named").toString()).contains(water.name());
        assertThat(row.path("anonymous").asInt()).isZero();
        assertThat(row.path("description").asString()).contains(marker + ".example");
        var firstSeen = java.time.OffsetDateTime.parse(row.path("firstSeen").asString()).toInstant();
        assertThat(firstSeen).as("from the log, not the sweep").isBetween(Instant.now().minusSeconds(3600),
                Instant.now().minusSeconds(3000));
        assertThat(row(overview.path("sectors"), "sector", "water").path("named").asInt()).isPositive();

        var portal = new PortalClient(port);
        portal.signIn(author);
        var page = portal.get("/intel/sightings");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(indicator, water.name(), "<svg", "<rect", "Water").doesNotContain("<script>", "style=");

        var stored = jdbc.sql("SELECT " + BODY + " FROM stix_object WHERE object_type = 'sighting' AND " + BODY + " LIKE :ref")
                .param("ref", "%" + indicator + "%").query(String.class).single();
        assertThat(json.readTree(stored).path("where_sighted_refs").get(0).asString()).isEqualTo("identity--" + water.id());
        assertThat(json.readTree(stored).path("object_marking_refs").get(0).asString()).as("AMBER by default").isEqualTo(AMBER);
    }

    @Test
    void anAnonymousSightingNamesNobodyAndASmallSectorIsWithheld() throws Exception {
        var marker = marker();
        var indicator = publish(ALL_MEMBERS, "[domain-name:value = '" + marker + ".example']", GREEN);
        var small = accounts.organisation("government");
        var analyst = accounts.member(small, Role.ANALYST);
        var log = bindLog(marker + ".example");
        var auditor = accounts.staff(Role.AUDITOR);
        long governmentMembers = membership.organisations(OrganisationStatus.APPROVED).stream()
                .filter(o -> !o.authority() && o.sectors().contains("government")).count();

        var run = sweep(analyst.token(), "/taxii2/tocsin/collections/" + ALL_MEMBERS + "/", "--report", log.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(run.err()).contains("anonymously");
        var overview = overview(auditor.token());
        var row = row(overview.path("indicators"), "indicator", indicator);
        assertThat(row.path("named")).isEmpty();
        assertThat(row.path("anonymous").asInt()).isEqualTo(1);
        assertThat(overview.toString()).doesNotContain(small.name(), small.id().toString());
        if (governmentMembers < Sightings.ANONYMITY_SECTOR_SIZE) {
            assertThat(names(overview.path("sectors"), "sector")).contains(Sightings.WITHHELD).doesNotContain("government");
        }
        var portal = new PortalClient(port);
        portal.signIn(auditor);
        assertThat(portal.get("/intel/sightings").body()).doesNotContain(small.name());
        var stored = jdbc.sql("SELECT " + BODY + " FROM stix_object WHERE object_type = 'sighting' AND " + BODY + " LIKE :ref")
                .param("ref", "%" + indicator + "%").query(String.class).single();
        assertThat(stored).doesNotContain("where_sighted_refs", small.id().toString());

        for (long n = governmentMembers; n < Sightings.ANONYMITY_SECTOR_SIZE; n++) {
            accounts.organisation("government");
        }
        assertThat(names(overview(auditor.token()).path("sectors"), "sector")).contains("government");
    }

    @Test
    void aSecondPullAsksOnlyForWhatWasAddedSince() throws Exception {
        var first = publish(DEFENCE, "[ipv4-addr:value = '198.51.100.7']", GREEN);
        var lead = accounts.member(accounts.organisation("defence"), Role.SECURITY_LEAD);
        var collection = "/taxii2/tocsin/collections/" + DEFENCE + "/";
        var log = bindLog("benign.example");

        var before = sweep(lead.token(), collection, log.toString());
        var state = Files.list(dir.resolve("cache/taxii")).findFirst().orElseThrow().resolve("state.json");
        var addedAfter = json.readTree(Files.readString(state)).path("added_after").asString();
        var second = publish(DEFENCE, "[ipv4-addr:value = '198.51.100.8']", GREEN);
        var after = sweep(lead.token(), collection, log.toString());

        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(addedAfter).isNotBlank();
        assertThat(after.err()).contains("TAXII: 1 new indicator object in 1 page");
        var copy = Files.readString(state.resolveSibling("objects.jsonl"));
        assertThat(copy).contains(first, second);
        assertThat(json.readTree(Files.readString(state)).path("added_after").asString()).isGreaterThan(addedAfter);
    }

    @Test
    void aWrongTokenAMissingCollectionAndAnotherSectorsCollectionAreRefused() throws Exception {
        var lead = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);
        var log = bindLog("benign.example");

        var wrongToken = sweep("tcn_not-a-real-token", "/taxii2/tocsin/collections/" + ALL_MEMBERS + "/", log.toString());
        var missing = sweep(lead.token(), "/taxii2/tocsin/collections/" + UUID.randomUUID() + "/", log.toString());
        var otherSector = sweep(lead.token(), "/taxii2/tocsin/collections/" + BANKING + "/", log.toString());
        var apiRoot = sweep(lead.token(), "/taxii2/tocsin/", "--collection", ALL_MEMBERS, log.toString());

        assertThat(wrongToken.exit()).isEqualTo(Tocsin.EXIT_REFUSED);
        assertThat(wrongToken.err()).contains("HTTP 401").doesNotContain("tcn_not-a-real-token");
        assertThat(missing.exit()).isEqualTo(Tocsin.EXIT_REFUSED);
        assertThat(missing.err()).contains("HTTP 404");
        assertThat(otherSector.exit()).isEqualTo(Tocsin.EXIT_REFUSED);
        assertThat(otherSector.err()).contains("HTTP 404");
        assertThat(apiRoot.exit()).as(apiRoot.err()).isIn(Tocsin.EXIT_OK, Tocsin.EXIT_PROBLEM_FOUND);
    }

    @Test
    void anExecutiveCannotReportAndIsToldBeforeTheSweep() throws Exception {
        var executive = accounts.member(accounts.organisation("water"), Role.EXECUTIVE);

        var run = sweep(executive.token(), "/taxii2/tocsin/collections/" + ALL_MEMBERS + "/", "--report",
                bindLog("benign.example").toString());

        assertThat(run.exit()).isEqualTo(Tocsin.EXIT_REFUSED);
        assertThat(run.err()).contains("may not report sightings", "Nothing was swept");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void onlyTheAuthoritySeesSightings() {
        var organisation = accounts.organisation("water");
        var api = new ApiClient(port);
        for (var role : List.of(Role.EXECUTIVE, Role.SECURITY_LEAD, Role.ANALYST, Role.ORG_ADMIN)) {
            var member = accounts.member(organisation, role);
            assertThat(api.get("/api/v1/intel/sightings", member.token()).status()).as(role.name()).isEqualTo(403);
            var portal = new PortalClient(port);
            portal.signIn(member);
            assertThat(portal.get("/intel/sightings").status()).as(role.name()).isEqualTo(403);
        }
        assertThat(api.get("/api/v1/intel/sightings", null).status()).isEqualTo(401);
        assertThat(new PortalClient(port).get("/intel/sightings").status()).isIn(302, 303);
        for (var role : List.of(Role.AUTHOR, Role.APPROVER, Role.ADMIN, Role.AUDITOR)) {
            assertThat(api.get("/api/v1/intel/sightings", accounts.staff(role).token()).status()).as(role.name()).isEqualTo(200);
        }
        var author = accounts.staff(Role.AUTHOR);
        var refused = api.get("/api/v1/intel/sightings?days=0", author.token());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("days");
    }

    @Test
    void aReleasedSightingNamesNobodyUnlessTheMemberAgreedToEveryone() throws Exception {
        var marker = marker();
        var indicator = publish(ALL_MEMBERS, "[domain-name:value = '" + marker + ".example']", GREEN);
        var named = accounts.organisation("energy");
        var lead = accounts.member(named, Role.SECURITY_LEAD);
        var run = sweep(lead.token(), "/taxii2/tocsin/collections/" + ALL_MEMBERS + "/", "--report", "--report-as",
                "authority", "--report-tlp", "green", bindLog(marker + ".example").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        var author = accounts.staff(Role.AUTHOR);
        var api = new ApiClient(port);
        var seq = jdbc.sql("SELECT seq FROM stix_object WHERE object_type = 'sighting' AND " + BODY + " LIKE :ref")
                .param("ref", "%" + indicator + "%").query(Long.class).single();

        var released = api.post("/api/v1/intel/submissions/" + seq + "/release", author.token(),
                "{\"collection\":\"" + ALL_MEMBERS + "\"}");

        assertThat(released.status()).as(released.body()).isEqualTo(200);
        var copy = jdbc.sql("SELECT " + BODY + " FROM stix_object WHERE object_type = 'sighting' AND collection_id = :c AND "
                + BODY + " LIKE :ref")
                .param("c", UUID.fromString(ALL_MEMBERS)).param("ref", "%" + indicator + "%").query(String.class).single();
        assertThat(copy).doesNotContain(named.id().toString());
        assertThat(json.readTree(copy).path("where_sighted_refs").get(0).asString()).isEqualTo(IntelStore.ANONYMOUS_MEMBER);
    }

    @Test
    void aMemberReportsOnlyWhatTheirOwnOrganisationSaw() {
        var indicator = publish(ALL_MEMBERS, "[domain-name:value = '" + marker() + ".example']", GREEN);
        var mine = accounts.organisation("energy");
        var theirs = accounts.organisation("energy");
        var lead = accounts.member(mine, Role.SECURITY_LEAD);
        var submissions = store.collection(lead.person(), UUID.fromString("ddc77f14-73ae-5388-985c-496c8d7e1bd0")).orElseThrow();

        var claimed = store.add(lead.person(), submissions, List.of(sighting(indicator, theirs.id())));
        var own = store.add(lead.person(), submissions, List.of(sighting(indicator, mine.id())));

        assertThat(claimed.failures()).singleElement().satisfies(f -> assertThat(f.message())
                .contains("'where_sighted_refs' may name only your own organisation", "identity--" + mine.id()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_object WHERE object_type = 'sighting' AND " + BODY + " LIKE :ref")
                .param("ref", "%" + theirs.id() + "%").query(Long.class).single()).isZero();
        assertThat(own.failures()).isEmpty();
    }

    private JsonNode sighting(String indicator, UUID where) {
        return json.readTree("""
                {"type":"sighting","spec_version":"2.1","id":"sighting--%s","created":"2026-11-26T10:00:00.000Z",
                 "modified":"2026-11-26T10:00:00.000Z","sighting_of_ref":"%s","count":2,
                 "where_sighted_refs":["identity--%s"],"object_marking_refs":["%s"]}""".formatted(UUID.randomUUID(),
                indicator, where, GREEN));
    }

    // ----- helpers -----

    private static String marker() {
        return "sighted" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String publish(String collectionId, String pattern, String marking) {
        var author = accounts.staff(Role.AUTHOR);
        var collection = store.collection(author.person(), UUID.fromString(collectionId)).orElseThrow();
        var id = "indicator--" + UUID.randomUUID();
        var result = store.add(author.person(), collection, List.of(json.readTree("""
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-11-01T10:00:00.000Z",
                 "modified":"2026-11-01T10:00:00.000Z","name":"Test indicator %s","pattern":"%s","pattern_type":"stix",
                 "valid_from":"2026-11-01T10:00:00Z","object_marking_refs":["%s"]}""".formatted(id, pattern, pattern, marking))));
        assertThat(result.failures()).isEmpty();
        return id;
    }

    /** A BIND query log with one query a line, written over the last hour. */
    private Path bindLog(String... names) throws Exception {
        var lines = new StringBuilder();
        var at = Instant.now().minusSeconds(3600);
        for (var name : names) {
            at = at.plusSeconds(60);
            lines.append(BIND.format(at)).append(" queries: info: client @0x7f4c93c0ccb6 10.30.2.120#10692 (").append(name)
                    .append("): query: ").append(name).append(" IN A -E(0)DC (10.0.0.53)\n");
        }
        return Files.writeString(Files.createTempFile(dir, "query", ".log"), lines);
    }

    private Run sweep(String token, String collection, String... rest) {
        var args = new ArrayList<>(List.of("sweep", "--url", "http://127.0.0.1:" + port, "--taxii", collection,
                "--cache", dir.resolve("cache").toString()));
        args.addAll(List.of(rest));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Tocsin.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("TOCSIN_TOKEN", token));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode overview(String token) {
        var reply = new ApiClient(port).get("/api/v1/intel/sightings", token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return json.readTree(reply.body());
    }

    private static JsonNode row(JsonNode rows, String field, String value) {
        for (var row : rows) {
            if (row.path(field).asString().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " " + value + " in " + rows);
    }

    private static List<String> names(JsonNode rows, String field) {
        var names = new ArrayList<String>();
        rows.forEach(r -> names.add(r.path(field).asString()));
        return names;
    }
}
