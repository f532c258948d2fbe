package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tocsin sweep} as a command: its output, its summary, its exit codes and its errors. */
class SweepTests {

    private static final Map<String, String> NO_ENV = Map.of();
    private static final String DNS_LINE = "26-Nov-2025 00:00:00.029 queries: info: client @0x7f4c93c0ccb6 "
            + "10.30.2.120#10692 (%s): query: %s IN A -E(0)DC (10.0.0.53)";

    @TempDir
    Path dir;

    private Path indicators() throws IOException {
        return Files.writeString(dir.resolve("indicators.tsv"), """
                # type<TAB>value; the id of an indicator is its 0-based line number
                domain\tevil.example
                ipv4\t192.0.2.0/24
                email\tBad@Evil.example
                """);
    }

    private Path dnsLog(String... names) throws IOException {
        StringBuilder s = new StringBuilder();
        for (String name : names) {
            s.append(String.format(DNS_LINE, name, name)).append('\n');
        }
        return Files.writeString(dir.resolve("query.log"), s);
    }

    @Test
    void printsOneJsonLinePerMatchAndExitsOne() throws IOException {
        Path log = dnsLog("www.example.org", "www.Evil.example.", "notevil.example");

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(), log.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(run.out()).isEqualTo("{\"file\": \"" + log + "\", \"line\": 2, \"indicator\": 1, \"type\": \"domain\", "
                + "\"value\": \"evil.example\", \"observed\": \"www.Evil.example.\"}\n");
        assertThat(run.err()).contains("Indicators: 3", "bind", "3 lines", "1 match on 1 line");
    }

    @Test
    void exitsZeroWhenNothingMatches() throws IOException {
        Path log = dnsLog("www.example.org", "evil.example.org", "my-evil.example");

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(), log.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("0 matches on 0 lines");
    }

    @Test
    void readsStandardInputWhenGivenNoLog() throws IOException {
        byte[] input = String.format(DNS_LINE, "c2.evil.example", "c2.evil.example").getBytes(StandardCharsets.UTF_8);

        Invocation run = Invocation.withInput(new ByteArrayInputStream(input), NO_ENV, "sweep", "--indicators",
                indicators().toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(run.out()).startsWith("{\"file\": \"-\", \"line\": 1, \"indicator\": 1,");
    }

    @Test
    void countsMalformedAndBinaryLinesInTheSummary() throws IOException {
        Path log = dnsLog("www.example.org", "www.example.com");
        Files.write(log, "not a query line\n\0\1binary\n".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(), log.toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(run.err()).contains("4 lines", "skipped: 1 malformed, 1 binary");
    }

    @Test
    void readsAsTheFormatGivenWhenToldTo() throws IOException {
        Path log = Files.writeString(dir.resolve("odd.log"), "# a header\nNov 26 00:00:00 mx1 postfix/qmgr[811]: 4bX: "
                + "from=<bad@evil.example>, size=1\n");

        Invocation detected = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(), log.toString());
        Invocation told = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(), "--format", "postfix",
                log.toString());

        assertThat(detected.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(told.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(told.out()).contains("\"line\": 2", "\"indicator\": 3", "\"observed\": \"bad@evil.example\"");
        assertThat(told.err()).contains("1 malformed");
    }

    @Test
    void refusesAnUnknownFormatNamingTheKnownOnes() throws IOException {
        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(), "--format", "iis",
                dnsLog("a.example").toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("unknown format 'iis'", "squid", "bind", "postfix", "sysmon");
    }

    @Test
    void refusesAMalformedIndicatorNamingItsLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "domain\tevil.example\nipv4\t300.1.2.3\n");

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", bad.toString(), dnsLog("a.example").toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).startsWith("tocsin: ").contains("bad.tsv line 2", "300.1.2.3", "not an IPv4 address");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesAnUnknownIndicatorType() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "domian\tevil.example\n");

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", bad.toString(), dnsLog("a.example").toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("line 1", "unknown indicator type \"domian\"");
    }

    @Test
    void refusesABundleWithAMalformedPatternNamingTheIndicatorAndThePosition() throws IOException {
        Path bundle = Files.writeString(dir.resolve("bundle.json"), """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "indicator", "id": "indicator--1", "pattern": "[domain-name:value = 'evil.example']",
                   "pattern_type": "stix"},
                  {"type": "indicator", "id": "indicator--2", "pattern": "[domain-name:value = 'x' AND",
                   "pattern_type": "stix"}
                ]}
                """);

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", bundle.toString(), dnsLog("a.example").toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("bundle.json objects[1], indicator indicator--2", "at character 29");
    }

    @Test
    void refusesMalformedJsonNamingLineAndColumn() throws IOException {
        Path bundle = Files.writeString(dir.resolve("bundle.json"), "{\"type\": \"bundle\", \"objects\": [\n  {\"type\": }\n]}");

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", bundle.toString(), dnsLog("a.example").toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("bundle.json: not a valid STIX bundle: line 2, column");
    }

    @Test
    void matchesWithTheStixIdOfABundleIndicator() throws IOException {
        Path bundle = Files.writeString(dir.resolve("bundle.json"), """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "malware", "id": "malware--1", "name": "x", "is_family": false},
                  {"type": "indicator", "id": "indicator--a1", "pattern_type": "stix",
                   "pattern": "[domain-name:value = 'other.example'] OR [domain-name:value = 'evil.example']"},
                  {"type": "indicator", "id": "indicator--a2", "pattern_type": "stix", "revoked": true,
                   "pattern": "[domain-name:value = 'evil.example']"},
                  {"type": "indicator", "id": "indicator--a3", "pattern_type": "stix",
                   "pattern": "[domain-name:value = 'evil.example' AND ipv4-addr:value = '192.0.2.1']"}
                ]}
                """);

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", bundle.toString(),
                dnsLog("x.evil.example").toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(run.out()).contains("\"indicator\": \"indicator--a1\"", "\"value\": \"evil.example\"")
                .doesNotContain("indicator--a2").doesNotContain("indicator--a3");
    }

    @Test
    void refusesAMissingLogOrIndicatorFile() throws IOException {
        Invocation noLog = Invocation.of(NO_ENV, "sweep", "--indicators", indicators().toString(),
                dir.resolve("none.log").toString());
        Invocation noIndicators = Invocation.of(NO_ENV, "sweep", "--indicators", dir.resolve("none.tsv").toString(),
                dnsLog("a.example").toString());
        Invocation noOption = Invocation.of(NO_ENV, "sweep", dnsLog("a.example").toString());

        assertThat(noLog.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(noLog.err()).contains("none.log: no such file");
        assertThat(noIndicators.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(noIndicators.err()).contains("none.tsv: no such file");
        assertThat(noOption.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(noOption.err()).contains("--indicators");
    }

    @Test
    void documentsItsExitCodes() {
        Invocation run = Invocation.of(NO_ENV, "sweep", "--help");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(run.out()).containsPattern("0 +No match").containsPattern("1 +Matches were found")
                .containsPattern("2 +Usage or input error").contains("--threads", "--format");
    }

    @Test
    void escapesWhatTheLogWroteInItsJson() throws IOException {
        Path ind = Files.writeString(dir.resolve("u.tsv"), "url\thttp://evil.example/a\"b\\c\n");
        Path log = Files.writeString(dir.resolve("access.log"), "1764115200.018  48600 10.21.25.129 TCP_MISS/200 14091 GET "
                + "http://EVIL.example/a\"b\\c - HIER_DIRECT/151.101.34.2 text/html\n");

        Invocation run = Invocation.of(NO_ENV, "sweep", "--indicators", ind.toString(), log.toString());

        assertThat(run.out()).contains("\"observed\": \"http://EVIL.example/a\\\"b\\\\c\"");
    }
}
