package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sweep with indicators from a TAXII 2.1 collection: paged pulls, a local copy brought up to date
 * with {@code added_after}, later versions replacing earlier ones, and refusals.
 */
class SweepTaxiiTests {

    private static final String COLLECTION = "/taxii2/root/collections/c1/";
    private static final Map<String, String> ENV = Map.of("TOCSIN_TOKEN", "tcn_taxii-token");

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private volatile Function<String, Answer> answers;

    record Answer(int status, String body, String dateAddedLast) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(exchange.getRequestURI().getRawPath() + "?" + query);
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
        Answer a = answers.apply(query == null ? "" : query);
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/taxii+json;version=2.1");
        if (a.dateAddedLast() != null) {
            exchange.getResponseHeaders().set("X-TAXII-Date-Added-Last", a.dateAddedLast());
        }
        exchange.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + COLLECTION;
    }

    private static String indicator(String id, String modified, String pattern, boolean revoked) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-11-01T00:00:00.000Z\","
                + "\"modified\":\"" + modified + "\",\"pattern\":\"" + pattern + "\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2026-11-01T00:00:00.000Z\"" + (revoked ? ",\"revoked\":true" : "") + "}";
    }

    private Path dnsLog() throws IOException {
        return Files.writeString(dir.resolve("query.log"), "26-Nov-2025 00:00:00.029 queries: info: client @0x7f4c93c0ccb6 "
                + "10.30.2.120#10692 (c2.evil.example): query: c2.evil.example IN A -E(0)DC (10.0.0.53)\n");
    }

    private Invocation sweep() throws IOException {
        return Invocation.of(ENV, "sweep", "--taxii", url(), "--cache", dir.resolve("cache").toString(),
                dnsLog().toString());
    }

    @Test
    void pullsEveryPageThenOnlyWhatWasAddedSinceAndKeepsTheLatestVersion() throws IOException {
        answers = query -> query.contains("next=p2")
                ? new Answer(200, "{\"more\":false,\"objects\":[" + indicator("indicator--c", "2026-11-01T00:00:00.000Z",
                        "[url:value = 'http://evil.example/x']", false)
                        + ",{\"type\":\"malware\",\"id\":\"malware--1\",\"name\":\"x\",\"is_family\":false}]}",
                        "2026-11-26T10:05:00.000Z")
                : new Answer(200, "{\"more\":true,\"next\":\"p2\",\"objects\":[" + indicator("indicator--a",
                        "2026-11-01T00:00:00.000Z", "[domain-name:value = 'evil.example']", false) + ","
                        + indicator("indicator--b", "2026-11-01T00:00:00.000Z", "[ipv4-addr:value = '192.0.2.0/24']", false)
                        + "]}", "2026-11-26T10:00:00.000Z");

        Invocation first = sweep();

        assertThat(first.exitCode()).as(first.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(first.out()).contains("\"indicator\": \"indicator--a\"", "\"observed\": \"c2.evil.example\"");
        assertThat(first.err()).contains("3 new indicator objects in 2 pages", "Indicators: 3");
        assertThat(queries).hasSize(2);
        assertThat(queries.get(0)).startsWith(COLLECTION + "objects/?match%5Btype%5D=indicator").doesNotContain("added_after");
        assertThat(queries.get(1)).contains("next=p2");
        assertThat(authorizations).containsOnly("Bearer tcn_taxii-token");
        assertThat(accepts).containsOnly("application/taxii+json;version=2.1");

        queries.clear();
        answers = query -> new Answer(200, "{\"more\":false,\"objects\":[" + indicator("indicator--a",
                "2026-11-20T00:00:00.000Z", "[domain-name:value = 'evil.example']", true) + "]}", "2026-11-26T11:00:00.000Z");

        Invocation second = sweep();

        assertThat(second.exitCode()).as(second.err()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(second.out()).isEmpty();
        assertThat(second.err()).contains("1 new indicator object in 1 page", "Indicators: 2");
        assertThat(queries).singleElement().asString().contains("added_after=2026-11-26T10%3A05%3A00.000Z");
    }

    @Test
    void endsWithExitThreeWhenTheServerRefusesTheToken() throws IOException {
        answers = query -> new Answer(401, "{\"title\":\"Unauthorized\",\"description\":\"token expired\"}", null);

        Invocation run = sweep();

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_REFUSED);
        assertThat(run.err()).contains("HTTP 401", "token expired").doesNotContain("tcn_taxii-token");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void changesNothingInTheLocalCopyWhenAPullFailsHalfWay() throws IOException {
        answers = query -> new Answer(200, "{\"more\":false,\"objects\":[" + indicator("indicator--a",
                "2026-11-01T00:00:00.000Z", "[domain-name:value = 'evil.example']", false) + "]}", "2026-11-26T10:00:00.000Z");
        assertThat(sweep().exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        answers = query -> query.contains("next=p2") ? new Answer(500, "{}", null)
                : new Answer(200, "{\"more\":true,\"next\":\"p2\",\"objects\":[" + indicator("indicator--a",
                "2026-11-20T00:00:00.000Z", "[domain-name:value = 'evil.example']", true) + "]}", "2026-11-26T11:00:00.000Z");

        Invocation failed = sweep();
        answers = query -> new Answer(200, "{\"more\":false,\"objects\":[]}", null);
        queries.clear();
        Invocation after = sweep();

        assertThat(failed.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
        assertThat(after.exitCode()).as("the revocation on the failed pull's first page was not kept")
                .isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(queries).singleElement().asString().contains("added_after=2026-11-26T10%3A00%3A00.000Z");
    }

    @Test
    void refusesBothAFileAndACollection() throws IOException {
        Invocation run = Invocation.of(ENV, "sweep", "--taxii", url(), "--indicators", "x.tsv", dnsLog().toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("mutually exclusive");
    }
}
