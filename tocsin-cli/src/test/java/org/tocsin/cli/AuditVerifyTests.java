package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditVerifyTests {

    private static final String TOKEN = "tcn_5ecr3t-T0ken.value";
    private static final Map<String, String> ENV = Map.of("TOCSIN_TOKEN", TOKEN);

    @Test
    void reportsAnIntactTrailAndExitsZero() {
        try (CannedServer server = CannedServer.answeringJson(200,
                "{\"valid\":true,\"entries\":1234,\"brokenAt\":null,\"problem\":null}")) {
            Invocation run = Invocation.of(ENV, "audit", "verify", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(run.out()).isEqualToNormalizingNewlines("Audit trail intact: 1234 entries verified.\n");
            assertThat(run.err()).isEmpty();
            assertThat(server.requests()).singleElement().isEqualTo(
                    new CannedServer.Request("GET", "/api/v1/audit/verify", "application/json", "Bearer " + TOKEN));
        }
    }

    @Test
    void countsASingleEntryInTheSingular() {
        try (CannedServer server = CannedServer.answeringJson(200, "{\"valid\":true,\"entries\":1}")) {
            Invocation run = Invocation.of(ENV, "audit", "verify", "--url", server.url());

            assertThat(run.out()).contains("1 entry verified.");
        }
    }

    @Test
    void reportsABrokenTrailWithWhereAndWhyAndExitsOne() {
        try (CannedServer server = CannedServer.answeringJson(200,
                "{\"valid\":false,\"entries\":1234,\"brokenAt\":57,\"problem\":\"hash does not match entry 56\"}")) {
            Invocation run = Invocation.of(ENV, "audit", "verify", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
            assertThat(run.out()).isEqualToNormalizingNewlines(
                    "Audit trail BROKEN at entry 57: hash does not match entry 56\n");
        }
    }

    @Test
    void exitsOneForABrokenTrailEvenWhenPrintingJson() {
        String json = "{\"valid\":false,\"entries\":3,\"brokenAt\":2,\"problem\":\"entry missing\"}";
        try (CannedServer server = CannedServer.answeringJson(200, json)) {
            Invocation run = Invocation.of(ENV, "audit", "verify", "--url", server.url(), "--json");

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
            assertThat(run.out()).isEqualToNormalizingNewlines(json + "\n");
        }
    }

    @Test
    void reportsAnAnswerThatDoesNotSayWhetherTheTrailIsValidAsUnusable() {
        try (CannedServer server = CannedServer.answeringJson(200, "{\"entries\":1234}")) {
            Invocation run = Invocation.of(ENV, "audit", "verify", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
            assertThat(run.err()).contains("does not say whether the audit trail is valid");
        }
    }

    @Test
    void reportsAMemberWithoutTheAuditorRoleAsRefused() {
        try (CannedServer server = CannedServer.answeringProblem(403, "Forbidden",
                "Verifying the audit trail needs the AUDITOR role.")) {
            Invocation run = Invocation.of(ENV, "audit", "verify", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_REFUSED);
            assertThat(run.err()).contains("HTTP 403", "needs the AUDITOR role");
            assertThat(run.printed()).doesNotContain(TOKEN);
        }
    }
}
