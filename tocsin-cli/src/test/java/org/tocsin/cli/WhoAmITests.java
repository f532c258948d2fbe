package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhoAmITests {

    private static final String TOKEN = "tcn_5ecr3t-T0ken.value";

    private static final String ME = """
            {"username":"jrowe","displayName":"Jonathan Rowe",\
            "organisation":{"id":"7c1e","name":"Northern Counties Bank","sectors":["banking","finance"]},\
            "roles":["EXECUTIVE","SECURITY_LEAD"],"lastSignIn":"2007-11-30T09:00:00Z"}""";

    @TempDir
    Path dir;

    @Test
    void sendsTheTokenFromAFileWithoutItsTrailingNewline() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation run = Invocation.of(Map.of(), "whoami", "--url", server.url(), "--token-file", file.toString());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(server.requests()).singleElement()
                    .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN));
            assertThat(run.printed()).doesNotContain(TOKEN);
        }
    }

    @Test
    void sendsTheTokenFromTheEnvironment() {
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN, "TOCSIN_URL", server.url()), "whoami");

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(server.requests()).singleElement()
                    .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN));
            assertThat(run.printed()).doesNotContain(TOKEN);
        }
    }

    @Test
    void prefersATokenOnTheCommandLineToTheEnvironment() {
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", "from-env"),
                    "whoami", "--url", server.url(), "--token", TOKEN);

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(server.requests()).singleElement()
                    .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN));
        }
    }

    @Test
    void prefersAUrlOnTheCommandLineToTheEnvironment() {
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN, "TOCSIN_URL", "http://tocsin.invalid"),
                    "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void getsTheAccountAsJsonBelowTheServersAddress() {
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url() + "/tocsin/");

            assertThat(server.requests()).singleElement().isEqualTo(
                    new CannedServer.Request("GET", "/tocsin/api/v1/me", "application/json", "Bearer " + TOKEN));
        }
    }

    @Test
    void printsUserOrganisationSectorsAndRoles() {
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(run.out()).isEqualToNormalizingNewlines("""
                    User:          jrowe
                    Name:          Jonathan Rowe
                    Organisation:  Northern Counties Bank
                    Sectors:       banking, finance
                    Roles:         EXECUTIVE, SECURITY_LEAD
                    """);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void printsTheAnswerAsItCameWithJson() {
        try (CannedServer server = CannedServer.answeringJson(200, ME)) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url(), "--json");

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(run.out()).isEqualToNormalizingNewlines(ME + "\n");
        }
    }

    @Test
    void keepsNamesWrittenInOtherAlphabetsAndDropsControlCharacters() {
        String me = """
                {"username":"mdupont","displayName":"Marie Dupont-Żółć \\u001b[2J",\
                "organisation":{"id":"1","name":"Société Générale","sectors":[]},"roles":[]}""";
        try (CannedServer server = CannedServer.answeringJson(200, me)) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
            assertThat(run.out()).contains("Marie Dupont-Żółć ?[2J", "Société Générale")
                    .doesNotContain("\u001b")
                    .contains("Sectors:       (none)", "Roles:         (none)");
        }
    }

    @Test
    void showsTheProblemDetailWhenTheTokenIsRefused() {
        try (CannedServer server = CannedServer.answeringProblem(401, "Unauthorized", "The API token has expired.")) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_REFUSED);
            assertThat(run.err()).isEqualToNormalizingNewlines(
                    "tocsin: The server did not accept the API token (HTTP 401): The API token has expired.\n");
            assertThat(run.out()).isEmpty();
            assertThat(run.printed()).doesNotContain(TOKEN);
        }
    }

    @Test
    void treatsForbiddenAndNotFoundAsRefusals() {
        try (CannedServer forbidden = CannedServer.answeringProblem(403, "Forbidden", "");
                CannedServer notFound = CannedServer.answering(404, null, "", Map.of())) {
            Invocation refused = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", forbidden.url());
            Invocation hidden = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", notFound.url());

            assertThat(refused.exitCode()).isEqualTo(Tocsin.EXIT_REFUSED);
            assertThat(refused.err()).contains("HTTP 403").contains("Forbidden");
            assertThat(hidden.exitCode()).isEqualTo(Tocsin.EXIT_REFUSED);
            assertThat(hidden.err()).contains("HTTP 404").contains("check --url");
        }
    }

    @Test
    void reportsAServerErrorWithItsDetailAndNoStackTrace() {
        try (CannedServer server = CannedServer.answeringProblem(503, "Service Unavailable", "Database is starting.")) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
            assertThat(run.err()).contains("Server error (HTTP 503): Database is starting.")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void reportsAnAnswerThatIsNotJsonAsUnusable() {
        try (CannedServer server = CannedServer.answering(200, "text/html", "<html>Sign in</html>", Map.of())) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
            assertThat(run.err()).contains("could not be read as an account").doesNotContain("\tat ");
        }
    }

    @Test
    void reportsAnAnswerWithoutAUserAsUnusable() {
        try (CannedServer server = CannedServer.answeringJson(200, "{\"roles\":[]}")) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
            assertThat(run.err()).contains("names no user");
        }
    }

    @Test
    void doesNotFollowARedirectThatWouldCarryTheTokenElsewhere() {
        try (CannedServer elsewhere = CannedServer.answeringJson(200, ME);
                CannedServer server = CannedServer.answering(302, null, "",
                        Map.of("Location", elsewhere.url() + "/login"))) {
            Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", server.url());

            assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
            assertThat(run.err()).contains("redirected the request to " + elsewhere.url() + "/login", "check --url");
            assertThat(elsewhere.requests()).isEmpty();
        }
    }
}
