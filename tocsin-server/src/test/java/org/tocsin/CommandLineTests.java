package org.tocsin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.cli.Tocsin;
import org.tocsin.membership.Role;

/** The {@code tocsin} command against the real server: whoami and audit verify, with meaningful exit codes. */
@TocsinTest
class CommandLineTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    record Run(int exit, String out, String err) {}

    @Test
    void whoamiShowsTheTokensOwnerOrganisationAndRoles() {
        var organisation = accounts.organisation("legal", "accountancy");
        var lead = accounts.member(organisation, Role.SECURITY_LEAD);

        var run = tocsin(Map.of("TOCSIN_TOKEN", lead.token()), "whoami");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(lead.username(), organisation.name(), "legal", "accountancy", "SECURITY_LEAD");
        assertThat(run.out() + run.err()).doesNotContain(lead.token());
    }

    @Test
    void whoamiWithARevokedOrUnknownTokenExitsWithThree() {
        var run = tocsin(Map.of(), "whoami", "--token", "tcn_not-a-real-token");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).isNotBlank();
    }

    @Test
    void auditVerifyReportsAnIntactTrailToAnAuditor() {
        var auditor = accounts.staff(Role.AUDITOR);

        var run = tocsin(Map.of("TOCSIN_TOKEN", auditor.token()), "audit", "verify");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("intact");
    }

    @Test
    void auditVerifyIsRefusedToAMemberWithExitThree() {
        var executive = accounts.member(accounts.organisation("banking"), Role.EXECUTIVE);

        var run = tocsin(Map.of("TOCSIN_TOKEN", executive.token()), "audit", "verify");

        assertThat(run.exit()).isEqualTo(3);
    }

    @Test
    void exportWritesTheIndicatorsAMemberMaySeeToAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        var lead = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);
        var file = folder.resolve("water.intel");

        var run = tocsin(Map.of("TOCSIN_TOKEN", lead.token()), "export", "--format", "zeek", "--output", file.toString());

        assertThat(run.exit()).isZero();
        assertThat(java.nio.file.Files.readString(file)).startsWith("#fields\tindicator\tindicator_type");
    }

    @Test
    void exportOfAnUnknownFormatIsAUsageErrorNamingTheFormats() {
        var lead = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);

        var run = tocsin(Map.of("TOCSIN_TOKEN", lead.token()), "export", "--format", "xlsx");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("zeek");
    }

    @Test
    void importSendsABundleToTheAuthorityAndChecksItFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder,
            @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc) throws Exception {
        var analyst = accounts.member(accounts.organisation("telecoms"), Role.ANALYST);
        var id = "indicator--" + java.util.UUID.randomUUID();
        var good = folder.resolve("seen.json");
        java.nio.file.Files.writeString(good, """
                {"type":"bundle","id":"bundle--%s","objects":[{"type":"indicator","spec_version":"2.1","id":"%s",
                 "created":"2026-11-01T10:00:00.000Z","modified":"2026-11-01T10:00:00.000Z",
                 "pattern":"[ipv4-addr:value = '192.0.2.77']","pattern_type":"stix","valid_from":"2026-11-01T10:00:00Z",
                 "object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}]}"""
                .formatted(java.util.UUID.randomUUID(), id));

        var run = tocsin(Map.of("TOCSIN_TOKEN", analyst.token()), "import", good.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("1 stored");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_object WHERE object_id = :id").param("id", id).query(Integer.class).single())
                .isEqualTo(1);

        var broken = folder.resolve("broken.json");
        java.nio.file.Files.writeString(broken, java.nio.file.Files.readString(good).replace("\"pattern_type\":\"stix\",", ""));
        int before = jdbc.sql("SELECT COUNT(*) FROM stix_object").query(Integer.class).single();
        var refused = tocsin(Map.of("TOCSIN_TOKEN", analyst.token()), "import", broken.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("pattern_type", "Nothing was sent");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stix_object").query(Integer.class).single()).isEqualTo(before);
    }

    /** Runs the command in-process; the connection options are declared on each sub-command, so they follow it. */
    private Run tocsin(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--url", "http://127.0.0.1:" + port)).toArray(String[]::new);
        int exit = Tocsin.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
