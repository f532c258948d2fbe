package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line and exit codes that need no server. */
class TocsinTests {

    private static final String TOKEN = "tcn_5ecr3t-T0ken.value";
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    @Test
    void asksForACommandWhenGivenNone() {
        Invocation run = Invocation.of(NO_ENV);

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("Missing command").contains("whoami").contains("tocsin --help");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void documentsEveryExitCodeInItsUsageHelp() {
        Invocation run = Invocation.of(NO_ENV, "--help");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(run.out()).contains("Exit codes:", "whoami", "audit")
                .containsPattern("0 +Success")
                .containsPattern("1 +The check found a problem")
                .containsPattern("2 +Usage or input error")
                .containsPattern("3 +The server refused")
                .containsPattern("4 +No usable answer");
    }

    @Test
    void documentsTheConnectionOptionsAndExitCodesOfAuditVerify() {
        Invocation run = Invocation.of(NO_ENV, "audit", "verify", "--help");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(run.out()).contains("--url", "--token", "--token-file", "--json", "TOCSIN_URL", "TOCSIN_TOKEN")
                .containsPattern("1 +The check found a problem");
    }

    @Test
    void asksForTheAuditCommandWhenGivenOnlyAudit() {
        Invocation run = Invocation.of(NO_ENV, "audit");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("audit verify");
    }

    @Test
    void refusesAnUnknownOption() {
        Invocation run = Invocation.of(NO_ENV, "whoami", "--tokne", "x");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("--tokne").contains("tocsin whoami --help");
    }

    @Test
    void refusesToCallTheServerWithoutATokenNamingTheWaysToGiveOne() {
        Invocation run = Invocation.of(NO_ENV, "whoami");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("No API token", "--token-file", "--token", "TOCSIN_TOKEN");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesATokenFileThatDoesNotExist() {
        Path missing = dir.resolve("missing-token");

        Invocation run = Invocation.of(NO_ENV, "whoami", "--token-file", missing.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("Cannot read the token file " + missing).contains("no such file");
    }

    @Test
    void refusesATokenFileThatIsADirectory() {
        Invocation run = Invocation.of(NO_ENV, "audit", "verify", "--token-file", dir.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("Cannot read the token file " + dir);
    }

    @Test
    void refusesAnEmptyTokenFile() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "\n");

        Invocation run = Invocation.of(NO_ENV, "whoami", "--token-file", file.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("token file " + file).contains("empty");
    }

    @Test
    void refusesATokenThatCannotBeSentInAHeaderWithoutPrintingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\nX-Injected: " + TOKEN + "\n");

        Invocation run = Invocation.of(NO_ENV, "whoami", "--token-file", file.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("cannot be sent in an HTTP header");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    @Test
    void refusesAnEmptyTokenFromTheEnvironment() {
        Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", " "), "whoami");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("TOCSIN_TOKEN is empty");
    }

    @Test
    void refusesTokenAndTokenFileTogether() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN);

        Invocation run = Invocation.of(NO_ENV, "whoami", "--token", TOKEN, "--token-file", file.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("either --token or --token-file");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tocsin.example.org", "http://10.0.0.5:8080", "HTTP://tocsin.example.org/"})
    void refusesPlainHttpToAnotherMachineSoTheTokenNeverTravelsInClearText(String url) {
        Invocation run = Invocation.of(NO_ENV, "whoami", "--token", TOKEN, "--url", url);

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("must start with https://", "clear text");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "localhost:8080", "ftp://tocsin.example.org", "http://",
            "http://tocsin.example.org:port", "http://tocsin example.org", "https://tocsin.example.org/?x=1",
            "https://tocsin.example.org/#top", "file:///etc/passwd"})
    void refusesAMalformedUrl(String url) {
        Invocation run = Invocation.of(NO_ENV, "whoami", "--token", TOKEN, "--url", url);

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("Malformed URL from --url");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    @Test
    void refusesAMalformedUrlFromTheEnvironmentNamingTheVariable() {
        Invocation run = Invocation.of(Map.of("TOCSIN_URL", "tocsin.example.org", "TOCSIN_TOKEN", TOKEN),
                "audit", "verify");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("Malformed URL from TOCSIN_URL").contains("tocsin.example.org");
    }

    @Test
    void refusesAUrlWithAPasswordWithoutRepeatingIt() {
        Invocation run = Invocation.of(NO_ENV, "whoami", "--token", TOKEN,
                "--url", "https://alice:hunter2@tocsin.example.org");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("user name or password");
        assertThat(run.printed()).doesNotContain("hunter2");
    }

    @Test
    void reportsAServerThatRefusesConnectionsAsUnreachable() throws IOException {
        int port = freePort();

        Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN),
                "audit", "verify", "--url", "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("Cannot reach the Tocsin server at http://127.0.0.1:" + port)
                .contains("connection refused")
                .doesNotContain("Exception", "\tat ");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    @Test
    void reportsAHostNameThatDoesNotResolveAsUnreachable() {
        // .invalid is reserved (RFC 2606) and never resolves.
        Invocation run = Invocation.of(Map.of("TOCSIN_TOKEN", TOKEN), "whoami", "--url", "https://tocsin.invalid");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("unknown host tocsin.invalid");
    }

    @Test
    void usesTheUrlFromTheEnvironmentWhenNoneIsGiven() throws IOException {
        int port = freePort();

        Invocation run = Invocation.of(Map.of("TOCSIN_URL", "http://127.0.0.1:" + port, "TOCSIN_TOKEN", TOKEN),
                "whoami");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("http://127.0.0.1:" + port);
    }

    @Test
    void neverRepeatsATokenGivenNextToAMistypedOption() {
        Invocation run = Invocation.of(NO_ENV, "whoami", "--tokn", TOKEN, "--token", TOKEN, TOKEN);

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("--tokn");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    @Test
    void neverRepeatsATokenGivenWithAnEqualsSign() {
        Invocation run = Invocation.of(NO_ENV, "whoami", "--token=" + TOKEN, "stray", TOKEN);

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("stray");
        assertThat(run.printed()).doesNotContain(TOKEN);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
