package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sweep --report} and the TAXII options around it, against a real HTTP server standing in
 * for Tocsin (the end-to-end test against the real server is tocsin-server's SightingsTests):
 * what the sightings say, which consent and label they carry, that a second report of the same
 * logs sends the same objects, and the errors a member can meet.
 */
class SweepReportTests {

    private static final String ROOT = "/taxii2/root/";
    private static final String ORGANISATION = "0b7b4f59-6a1e-4c1f-9d5e-2a4b6c8d0e1f";
    private static final String AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final String STRICT = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
    private static final Map<String, String> ENV = Map.of("TOCSIN_TOKEN", "tcn_report-token");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String objects = "{\"more\":false,\"objects\":[]}";
    private volatile int objectsStatus = 200;

    record Request(String method, String path, String query, String authorization, String attribution, String body) {
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
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Tocsin-Attribution"), body));
        int status = 200;
        String answer;
        if (path.equals("/api/v1/me")) {
            answer = "{\"username\":\"lead\",\"organisation\":{\"id\":\"" + ORGANISATION
                    + "\",\"name\":\"Northern Water plc\",\"sectors\":[\"water\"]},\"roles\":[\"SECURITY_LEAD\"]}";
        } else if (exchange.getRequestMethod().equals("POST")) {
            int n = JSON.readTree(body).path("objects").size();
            status = 202;
            answer = "{\"id\":\"s\",\"status\":\"complete\",\"total_count\":" + n + ",\"success_count\":" + n
                    + ",\"failure_count\":0,\"pending_count\":0}";
        } else {
            status = objectsStatus;
            answer = objects;
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/taxii+json;version=2.1");
        exchange.getResponseHeaders().set("X-TAXII-Date-Added-Last", "2026-11-26T10:00:00.000Z");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String indicator(String id, String pattern, String marking) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-11-01T00:00:00.000Z\","
                + "\"modified\":\"2026-11-01T00:00:00.000Z\",\"pattern\":\"" + pattern + "\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2026-11-01T00:00:00.000Z\"" + (marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]")
                + "}";
    }

    private Path dnsLog() throws IOException {
        return Files.writeString(dir.resolve("query.log"), """
                26-Nov-2025 00:00:01.500 queries: info: client @0x7f4c93c0ccb6 10.30.2.120#10692 (c2.evil.example): query: c2.evil.example IN A -E(0)DC (10.0.0.53)
                26-Nov-2025 00:00:02.000 queries: info: client @0x7f4c93c0ccb6 10.30.2.121#10692 (benign.example): query: benign.example IN A -E(0)DC (10.0.0.53)
                26-Nov-2025 09:30:00.000 queries: info: client @0x7f4c93c0ccb6 10.30.2.122#10692 (evil.example): query: evil.example IN A -E(0)DC (10.0.0.53)
                26-Nov-2025 10:00:00.000 queries: info: client @0x7f4c93c0ccb6 192.0.2.66#10692 (secret.example): query: secret.example IN A -E(0)DC (10.0.0.53)
                """);
    }

    private Invocation sweep(String... options) throws IOException {
        var args = new java.util.ArrayList<>(List.of("sweep", "--url", base(), "--taxii", ROOT, "--collection", "c1",
                "--cache", dir.resolve("cache").toString()));
        args.addAll(List.of(options));
        args.add(dnsLog().toString());
        return Invocation.of(ENV, args.toArray(String[]::new));
    }

    private List<JsonNode> sent() {
        return requests.stream().filter(r -> r.method().equals("POST"))
                .flatMap(r -> {
                    var list = new java.util.ArrayList<JsonNode>();
                    JSON.readTree(r.body()).path("objects").forEach(list::add);
                    return list.stream();
                }).toList();
    }

    @Test
    void reportsOneSightingPerIndicatorWithTheLogsTimesAndNoNameWhenAnonymous() throws IOException {
        objects = "{\"more\":false,\"objects\":[" + indicator("indicator--00000000-0000-4000-8000-000000000001",
                "[domain-name:value = 'evil.example']", GREEN) + "," + indicator("indicator--00000000-0000-4000-8000-000000000002",
                "[ipv4-addr:value = '192.0.2.0/24']", STRICT) + "]}";

        Invocation run = sweep("--report");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(requests.get(0).path()).isEqualTo("/api/v1/me");
        assertThat(requests).filteredOn(r -> r.method().equals("GET") && r.path().contains("/objects/"))
                .singleElement().extracting(Request::path).isEqualTo(ROOT + "collections/c1/objects/");
        var post = requests.stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(post).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/taxii2/tocsin/collections/" + Import.SUBMISSIONS + "/objects/");
            assertThat(r.attribution()).isEqualTo("none");
            assertThat(r.body()).doesNotContain(ORGANISATION, "Northern Water");
        });
        JsonNode sighting = sent().get(0);
        assertThat(sent()).hasSize(1);
        assertThat(sighting.path("type").asString()).isEqualTo("sighting");
        assertThat(sighting.path("sighting_of_ref").asString()).isEqualTo("indicator--00000000-0000-4000-8000-000000000001");
        assertThat(sighting.path("count").asInt()).isEqualTo(2);
        assertThat(sighting.path("first_seen").asString()).isEqualTo("2025-11-26T00:00:01.500Z");
        assertThat(sighting.path("last_seen").asString()).isEqualTo("2025-11-26T09:30:00.000Z");
        assertThat(sighting.has("where_sighted_refs")).isFalse();
        assertThat(sighting.path("object_marking_refs").get(0).asString()).as("GREEN indicator, AMBER floor").isEqualTo(AMBER);
        assertThat(run.err()).contains("Reported 1 sighting", "anonymously",
                "Not reported, their label keeps them inside your organisation: indicator--00000000-0000-4000-8000-000000000002 (TLP:AMBER+STRICT)");
    }

    @Test
    void namesTheOrganisationWhenTheMemberAgreesAndSendsTheSameObjectsForTheSameLogs() throws IOException {
        objects = "{\"more\":false,\"objects\":[" + indicator("indicator--00000000-0000-4000-8000-000000000001",
                "[domain-name:value = 'evil.example']", GREEN) + "]}";

        Invocation first = sweep("--report", "--report-as", "authority", "--report-tlp", "green");
        List<JsonNode> firstSent = sent();
        requests.clear();
        Invocation second = sweep("--report", "--report-as", "authority", "--report-tlp", "green");

        assertThat(first.exitCode()).as(first.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(second.exitCode()).as(second.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        JsonNode sighting = firstSent.get(0);
        assertThat(sighting.path("where_sighted_refs").get(0).asString()).isEqualTo("identity--" + ORGANISATION);
        assertThat(sighting.path("object_marking_refs").get(0).asString()).isEqualTo(GREEN);
        assertThat(requests).filteredOn(r -> r.method().equals("POST")).singleElement()
                .extracting(Request::attribution).isEqualTo("authority");
        assertThat(sent()).as("the same sighting, id and version, so it is not counted twice").isEqualTo(firstSent);
        assertThat(first.err()).contains("naming Northern Water plc to the authority only");
    }

    @Test
    void anIndicatorWithoutALabelTakesTheFloorAndAllIsSentAsEveryone() throws IOException {
        objects = "{\"more\":false,\"objects\":[" + indicator("indicator--00000000-0000-4000-8000-000000000001",
                "[domain-name:value = 'evil.example']", null) + "]}";

        Invocation run = sweep("--report", "--report-as", "all");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(sent().get(0).path("object_marking_refs").get(0).asString()).isEqualTo(AMBER);
        assertThat(requests).filteredOn(r -> r.method().equals("POST")).singleElement()
                .extracting(Request::attribution).isEqualTo("everyone");
    }

    @Test
    void refusesToReportTsvIndicatorsBeforeSweeping() throws IOException {
        Path tsv = Files.writeString(dir.resolve("i.tsv"), "domain\tevil.example\n");

        Invocation run = Invocation.of(ENV, "sweep", "--url", base(), "--indicators", tsv.toString(), "--report",
                dnsLog().toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("--report needs STIX indicators", "no STIX id", "Nothing was swept");
        assertThat(run.out()).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void reportsNothingWhenNothingMatched() throws IOException {
        objects = "{\"more\":false,\"objects\":[" + indicator("indicator--00000000-0000-4000-8000-000000000001",
                "[domain-name:value = 'nowhere.example']", GREEN) + "]}";

        Invocation run = sweep("--report");

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(run.err()).contains("Nothing to report");
        assertThat(requests).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void signsInWithBasicWhenGivenAUserName() throws IOException {
        Invocation run = sweep("--taxii-user", "alice");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(requests).singleElement().extracting(Request::authorization)
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:tcn_report-token".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMalformedEnvelopeIsAnUnusableAnswerNamingWhere() throws IOException {
        objects = "{\"more\": false,\n \"objects\": [{\"type\": \"indicator\",, }]}";

        Invocation run = sweep();

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("page 1 of the TAXII collection", "is not JSON at line 2, column", "Nothing was kept");

        objects = "{\"more\": false, \"objects\": {\"type\": \"indicator\"}}";
        assertThat(sweep().err()).contains("\"objects\" must be a list");
        objects = "[1, 2]";
        assertThat(sweep().err()).contains("not a TAXII envelope: expected a JSON object, found array");
        objects = "{\"more\": false, \"objects\": [" + indicator("indicator--00000000-0000-4000-8000-000000000001",
                "[domain-name:value = 'evil.example']", GREEN) + ", 7]}";
        assertThat(sweep().err()).contains("page 1 of the TAXII collection", "objects[1] is not a JSON object");
    }

    @Test
    void aMalformedPatternIsAnInputErrorNamingThePageObjectAndCharacter() throws IOException {
        objects = "{\"more\":false,\"objects\":[" + indicator("indicator--00000000-0000-4000-8000-000000000001",
                "[domain-name:value = 'evil.example'", GREEN) + "]}";

        Invocation run = sweep();

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("page 1", "objects[0]", "indicator--00000000-0000-4000-8000-000000000001",
                "at character", "Nothing was kept");
        assertThat(Files.exists(TaxiiPull.folderFor(dir.resolve("cache"),
                java.net.URI.create(ROOT + "collections/c1/")).resolve("objects.jsonl"))).isFalse();
    }

    @Test
    void aMissingCollectionIsARefusal() throws IOException {
        objectsStatus = 404;
        objects = "{\"title\":\"Not found\",\"description\":\"No collection c1 for you\",\"http_status\":\"404\"}";

        Invocation run = sweep();

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_REFUSED);
        assertThat(run.err()).contains("HTTP 404", "No collection c1 for you");
    }

    @Test
    void anUnreachableServerIsUnavailable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        Invocation run = Invocation.of(ENV, "sweep", "--taxii", "http://127.0.0.1:" + port + "/taxii2/root/collections/c1/",
                "--cache", dir.resolve("cache").toString(), dnsLog().toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("Cannot reach");
    }

    @Test
    void plainHttpIsRefusedExceptToThisMachine() throws IOException {
        Invocation run = Invocation.of(ENV, "sweep", "--taxii", "http://taxii.example.org/taxii2/root/collections/c1/",
                dnsLog().toString());

        assertThat(run.exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(run.err()).contains("https://", "clear text");
    }

    @Test
    void aRefreshForgetsTheLocalCopy() throws IOException {
        assertThat(sweep().exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(sweep().exitCode()).isEqualTo(Tocsin.EXIT_OK);
        assertThat(sweep("--refresh").exitCode()).isEqualTo(Tocsin.EXIT_OK);

        var pulls = requests.stream().map(Request::query).toList();
        assertThat(pulls.get(0)).doesNotContain("added_after");
        assertThat(pulls.get(1)).contains("added_after=2026-11-26T10%3A00%3A00.000Z");
        assertThat(pulls.get(2)).doesNotContain("added_after");
    }

    @Test
    void badReportOptionsAreUsageErrors() throws IOException {
        assertThat(sweep("--report", "--report-as", "sometimes").err()).contains("anonymous, authority, all");
        assertThat(sweep("--report", "--report-tlp", "red").exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(sweep("--collection", "../x").exitCode()).isEqualTo(Tocsin.EXIT_USAGE);
        assertThat(sweep("--log-zone", "Mars/Olympus").err()).contains("not a time zone");
    }
}
