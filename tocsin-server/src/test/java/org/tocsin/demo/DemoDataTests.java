package org.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinApplication;
import org.tocsin.TocsinTest;
import org.tocsin.identity.Totp;

import tools.jackson.databind.ObjectMapper;

/**
 * The demo the default mode seeds on an empty database: the 2007 scenario at full size, with
 * accounts that really work, written to a credentials file only the owner can read. Seeding is
 * slow and the same on any database, so it runs once, on H2.
 */
@TocsinTest
@Tag("h2-only")
class DemoDataTests {

    private static final Path DATA_DIR = temporaryFolder();
    private static final List<String> CORE_SECTORS = List.of("banking", "accountancy", "legal");

    @DynamicPropertySource
    static void demo(DynamicPropertyRegistry registry) {
        // Dynamic properties outrank the @TocsinTest defaults (no demo, a shared data folder).
        registry.add("tocsin.demo.enabled", () -> "true");
        registry.add("tocsin.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    @Autowired
    Environment environment;

    @Test
    void seedsThreeHundredMemberOrganisationsInTheTargetedSectorsAndSomeOthers() {
        int core = count("""
                SELECT COUNT(DISTINCT o.id) FROM organisation o JOIN organisation_sector s ON s.organisation_id = o.id
                WHERE o.status = 'APPROVED' AND o.is_authority = FALSE AND s.sector_slug IN ('banking', 'accountancy', 'legal')""");
        assertThat(core).isGreaterThanOrEqualTo(300);
        for (var sector : List.of("banking", "accountancy", "legal", "telecoms", "water", "energy")) {
            assertThat(jdbc.sql("""
                    SELECT COUNT(*) FROM organisation o JOIN organisation_sector s ON s.organisation_id = o.id
                    WHERE o.status = 'APPROVED' AND s.sector_slug = :sector""")
                    .param("sector", sector).query(Integer.class).single()).as(sector).isPositive();
        }
        assertThat(count("SELECT COUNT(*) FROM organisation WHERE status <> 'APPROVED'")).isZero();
    }

    @Test
    void givesEveryMemberOrganisationAnExecutiveAndASecurityLead() {
        assertThat(count("""
                SELECT COUNT(*) FROM organisation o
                WHERE o.is_authority = FALSE AND (
                    NOT EXISTS (SELECT 1 FROM person p JOIN person_role r ON r.person_id = p.id
                                WHERE p.organisation_id = o.id AND p.status = 'ACTIVE' AND r.role = 'EXECUTIVE')
                 OR NOT EXISTS (SELECT 1 FROM person p JOIN person_role r ON r.person_id = p.id
                                WHERE p.organisation_id = o.id AND p.status = 'ACTIVE' AND r.role = 'SECURITY_LEAD'))""")).isZero();
    }

    @Test
    void staffsTheAuthorityWithAnAuthorApproverAdministratorAndAuditor() {
        var roles = jdbc.sql("""
                SELECT DISTINCT r.role FROM person p JOIN person_role r ON r.person_id = p.id
                JOIN organisation o ON o.id = p.organisation_id WHERE o.is_authority = TRUE""")
                .query(String.class).list();
        assertThat(roles).containsExactlyInAnyOrder("AUTHOR", "APPROVER", "ADMIN", "AUDITOR");
        assertThat(count("SELECT COUNT(*) FROM organisation WHERE is_authority = TRUE")).isEqualTo(1);
    }

    @Test
    void writesEveryAccountToACredentialsFileOnlyItsOwnerCanRead() throws IOException {
        var file = DATA_DIR.resolve("demo-credentials.json");
        var users = users();

        assertThat(users).hasSize(count("SELECT COUNT(*) FROM person"));
        for (var user : users) {
            assertThat(user).containsKeys("username", "password", "totpSecret", "apiToken", "organisation", "sectors", "roles");
            assertThat((String) user.get("apiToken")).startsWith("tcn_");
            assertThat((List<?>) user.get("roles")).isNotEmpty();
        }
        assertThat(users).anyMatch(u -> ((List<?>) u.get("sectors")).stream().anyMatch(CORE_SECTORS::contains));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void letsAnExecutiveFromTheFileSignInAndCallTheApi() {
        var executive = users().stream().filter(u -> List.of("EXECUTIVE").equals(u.get("roles"))).findFirst().orElseThrow();
        var username = (String) executive.get("username");
        var portal = new PortalClient(port);

        assertThat(portal.password(username, (String) executive.get("password")).location()).isEqualTo("/sign-in/code");
        portal.get("/sign-in/code");
        var code = Totp.code((String) executive.get("totpSecret"), Totp.stepAt(Instant.now()) + 1);
        assertThat(portal.post("/sign-in/code", Map.of("code", code)).location()).isEqualTo("/");
        var home = portal.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains(username, (String) executive.get("organisation"));

        var me = new ApiClient(port).get("/api/v1/me", (String) executive.get("apiToken"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"" + username + "\"", "\"roles\":[\"EXECUTIVE\"]",
                (String) executive.get("organisation"));
    }

    @Test
    void preparesThe2007WarningForTheDemoApproverToApproveAndPublish() {
        var api = new ApiClient(port);
        var approver = token("approver@cpni.example");
        var list = api.get("/api/v1/advisories", approver);
        assertThat(list.status()).isEqualTo(200);
        var warning = item(list.body(), "TLP:AMBER");
        assertThat(warning.get("title").asString()).contains("espionage against banks, accountancy and law firms");
        assertThat(warning.get("tlp").asString()).isEqualTo("TLP:AMBER");
        assertThat(warning.get("status").asString()).isEqualTo("IN_REVIEW");
        var path = "/api/v1/advisories/" + warning.get("id").asString();

        assertThat(api.post(path + "/publish", approver, null).status()).as("not approved yet").isEqualTo(409);
        assertThat(api.post(path + "/approve", approver, null).status()).isEqualTo(200);
        var published = api.post(path + "/publish", approver, null);

        assertThat(published.status()).isEqualTo(200);
        int expected = count("""
                SELECT COUNT(DISTINCT p.id) FROM person p JOIN person_role r ON r.person_id = p.id
                JOIN organisation_sector s ON s.organisation_id = p.organisation_id
                WHERE s.sector_slug IN ('banking', 'accountancy', 'legal') AND r.role IN ('EXECUTIVE', 'SECURITY_LEAD')""");
        assertThat(expected).isGreaterThanOrEqualTo(600);
        assertThat(json.readTree(published.body()).get("recipients").asInt()).isEqualTo(expected);
        var banker = users().stream().filter(u -> ((List<?>) u.get("sectors")).contains("banking")
                && ((List<?>) u.get("roles")).contains("EXECUTIVE")).findFirst().orElseThrow();
        var telecoms = users().stream().filter(u -> ((List<?>) u.get("sectors")).contains("telecoms")).findFirst().orElseThrow();
        assertThat(api.get(path, (String) banker.get("apiToken")).status()).isEqualTo(200);
        assertThat(api.get(path, (String) telecoms.get("apiToken")).status()).isEqualTo(404);
    }

    @Test
    void preparesTheMembersNoticeDerivedFromTheWarningForTheDemoApprover() {
        var api = new ApiClient(port);
        var approver = token("approver@cpni.example");
        var list = api.get("/api/v1/advisories", approver);
        var notice = item(list.body(), "TLP:GREEN");
        var warning = item(list.body(), "TLP:AMBER");
        assertThat(notice.get("title").asString()).startsWith("Members' notice");
        assertThat(notice.get("status").asString()).isEqualTo("IN_REVIEW");
        var path = "/api/v1/advisories/" + notice.get("id").asString();
        var derivation = json.readTree(api.get(path + "/derivation", approver).body());
        assertThat(derivation.get("kind").asString()).isEqualTo("NOTICE");
        assertThat(derivation.get("derivedFrom").get("id").asString()).isEqualTo(warning.get("id").asString());

        assertThat(api.post(path + "/approve", approver, null).status()).isEqualTo(200);
        var published = api.post(path + "/publish", approver, null);
        assertThat(published.status()).isEqualTo(200);
        assertThat(json.readTree(published.body()).get("recipients").asInt())
                .isEqualTo(count("SELECT COUNT(*) FROM person p JOIN organisation o ON o.id = p.organisation_id "
                        + "WHERE o.is_authority = FALSE"));
        var telecoms = users().stream().filter(u -> ((List<?>) u.get("sectors")).contains("telecoms")).findFirst().orElseThrow();
        assertThat(api.get(path, (String) telecoms.get("apiToken")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/advisories/" + warning.get("id").asString(), (String) telecoms.get("apiToken"))
                .status()).as("the notice's readers do not reach the warning").isEqualTo(404);
    }

    private tools.jackson.databind.JsonNode item(String list, String tlp) {
        for (var item : json.readTree(list).get("items")) {
            if (item.get("tlp").asString().equals(tlp)) {
                return item;
            }
        }
        throw new AssertionError("no " + tlp + " advisory in " + list);
    }

    private String token(String username) {
        return (String) users().stream().filter(u -> username.equals(u.get("username"))).findFirst().orElseThrow()
                .get("apiToken");
    }

    @Test
    void doesNotSeedAgainOnASecondStartOnTheSameDatabase() throws IOException {
        int organisations = count("SELECT COUNT(*) FROM organisation");
        int people = count("SELECT COUNT(*) FROM person");
        var otherDataDir = temporaryFolder();

        try (var again = new SpringApplicationBuilder(TocsinApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--tocsin.demo.enabled=true",
                "--tocsin.identity.secret-key=" + environment.getRequiredProperty("tocsin.identity.secret-key"),
                "--tocsin.data-dir=" + otherDataDir,
                "--tocsin.membership.idle-check-interval=1h")) {
            assertThat(again.isRunning()).isTrue();
        }

        assertThat(count("SELECT COUNT(*) FROM organisation")).isEqualTo(organisations);
        assertThat(count("SELECT COUNT(*) FROM person")).isEqualTo(people);
        assertThat(Files.exists(otherDataDir.resolve("demo-credentials.json"))).isFalse();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> users() {
        try {
            var document = json.readValue(Files.readString(DATA_DIR.resolve("demo-credentials.json")), Map.class);
            return (List<Map<String, Object>>) document.get("users");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static Path temporaryFolder() {
        try {
            var folder = Files.createDirectories(Path.of("target", "test-data")).resolve("demo-" + System.nanoTime());
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
