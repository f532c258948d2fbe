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
