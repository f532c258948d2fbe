package org.tocsin.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The TAXII 2.1 server over real HTTP: discovery, collections, add, read, versions, filters, errors and access. */
@TocsinTest
class TaxiiTests {

    static final String TAXII = "application/taxii+json;version=2.1";
    static final String BANKING = "/taxii2/tocsin/collections/74ce0c4e-ac35-5534-9d86-f9a96ba4ec84/";
    static final String SUBMISSIONS = "/taxii2/tocsin/collections/ddc77f14-73ae-5388-985c-496c8d7e1bd0/";
    static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    static final String AMBER_STRICT = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
    static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    Accounts.Account author;
    Accounts.Account banker;
    Accounts.Account lawyer;

    @BeforeEach
    void people() {
        author = accounts.staff(Role.AUTHOR);
        banker = accounts.member(accounts.organisation("banking"), Role.SECURITY_LEAD);
        lawyer = accounts.member(accounts.organisation("legal"), Role.SECURITY_LEAD);
    }

    record Reply(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers) {}

    @Test
    void discoveryAndApiRootNameTheOneRoot() {
        var discovery = get("/taxii2/", banker.token());
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.contentType()).isEqualTo(TAXII);
        assertThat(discovery.body().path("api_roots").get(0).asString()).isEqualTo("/taxii2/tocsin/");
        assertThat(get("/taxii2/tocsin/", banker.token()).body().path("versions").get(0).asString()).isEqualTo(TAXII);
    }

    @Test
    void aMemberSeesAllMembersTheirSectorsAndTheirOwnCollectionOnly() {
        var collections = get("/taxii2/tocsin/collections/", banker.token()).body().path("collections").valueStream().toList();
        var titles = collections.stream().map(c -> c.path("title").asString()).toList();
        assertThat(titles).contains("All members", "Banking and finance").doesNotContain("Legal");
        assertThat(titles).anyMatch(t -> t.endsWith("(private)"));
        var submissions = collections.stream().filter(c -> c.path("title").asString().equals("Submissions")).findFirst().orElseThrow();
        assertThat(submissions.path("can_write").asBoolean()).as("a security lead reports to the authority").isTrue();
        assertThat(submissions.path("can_read").asBoolean()).as("but cannot read what others reported").isFalse();
        var executive = accounts.member(accounts.organisation("banking"), Role.EXECUTIVE);
        assertThat(get("/taxii2/tocsin/collections/", executive.token()).body().toString()).doesNotContain("Submissions");
        assertThat(get(BANKING, lawyer.token()).status()).isEqualTo(404);
        assertThat(get(BANKING + "objects/", lawyer.token()).status()).isEqualTo(404);
    }

    @Test
    void theAuthorityAddsIndicatorsThatTheSectorReadsIdenticallyAndOnce() {
        var one = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", GREEN, "[domain-name:value = 'evil.example']");
        var two = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", GREEN, "[ipv4-addr:value = '198.51.100.7']");

        var status = post(BANKING + "objects/", author.token(), envelope(one, two));
        assertThat(status.status()).isEqualTo(202);
        assertThat(status.body().path("status").asString()).isEqualTo("complete");
        assertThat(status.body().path("success_count").asInt()).isEqualTo(2);
        assertThat(post(BANKING + "objects/", author.token(), envelope(one, two)).body().path("success_count").asInt())
                .as("the same envelope twice changes nothing").isEqualTo(2);

        var read = get(BANKING + "objects/?match[type]=indicator", banker.token());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-TAXII-Date-Added-First")).isPresent();
        var ids = read.body().path("objects").valueStream().map(o -> o.path("id").asString()).toList();
        assertThat(ids).contains(id(one), id(two));
        assertThat(ids.stream().filter(id(one)::equals)).hasSize(1);
        var otherReader = accounts.member(accounts.organisation("banking"), Role.ANALYST);
        assertThat(get(BANKING + "objects/" + id(one) + "/", otherReader.token()).body().toString())
                .isEqualTo(get(BANKING + "objects/" + id(one) + "/", banker.token()).body().toString());
        var statusId = status.body().path("id").asString();
        assertThat(get("/taxii2/tocsin/status/" + statusId + "/", author.token()).status()).isEqualTo(200);
        assertThat(get("/taxii2/tocsin/status/" + statusId + "/", banker.token()).status()).isEqualTo(404);
    }

    @Test
    void servesTextBeyondAsciiExactlyAsSent() {
        // Pages are written from the stored bytes; on PostgreSQL they are never decoded on the way.
        var uuid = UUID.randomUUID();
        var name = "Café, Ünïcode — 🚀, tab\\t, quote \\\"";
        var object = indicator(uuid, "2026-11-01T10:00:00.000Z", GREEN, "[domain-name:value = 'xn--caf-dma.example']")
                .replace("\"pattern_type\"", "\"name\":\"" + name + "\",\"pattern_type\"");
        assertThat(post(BANKING + "objects/", author.token(), envelope(object)).status()).isEqualTo(202);

        var read = get(BANKING + "objects/indicator--" + uuid + "/", banker.token());

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("objects").get(0).path("name").asString()).isEqualTo("Café, Ünïcode — 🚀, tab\t, quote \"");
    }

    @Test
    void keepsEveryVersionAndServesTheLastByDefault() {
        var uuid = UUID.randomUUID();
        post(BANKING + "objects/", author.token(), envelope(indicator(uuid, "2026-11-01T10:00:00.000Z", GREEN, "[domain-name:value = 'a.example']")));
        post(BANKING + "objects/", author.token(), envelope(indicator(uuid, "2026-11-02T10:00:00.000Z", GREEN, "[domain-name:value = 'b.example']")));
        var id = "indicator--" + uuid;

        var versions = get(BANKING + "objects/" + id + "/versions/", banker.token()).body().path("versions");
        assertThat(versions.valueStream().map(JsonNode::asString)).containsExactly("2026-11-01T10:00:00.000Z", "2026-11-02T10:00:00.000Z");
        assertThat(get(BANKING + "objects/" + id + "/", banker.token()).body().path("objects").get(0).path("pattern").asString())
                .contains("b.example");
        assertThat(get(BANKING + "objects/" + id + "/?match[version]=all", banker.token()).body().path("objects").size()).isEqualTo(2);
        assertThat(get(BANKING + "objects/" + id + "/?match[version]=first", banker.token()).body().path("objects").get(0)
                .path("pattern").asString()).contains("a.example");
        var manifest = get(BANKING + "manifest/?match[id]=" + id, banker.token()).body().path("objects").get(0);
        assertThat(manifest.path("version").asString()).isEqualTo("2026-11-02T10:00:00.000Z");
        assertThat(manifest.path("media_type").asString()).isEqualTo("application/stix+json;version=2.1");
    }

    @Test
    void pagesWithLimitAndNext() {
        var objects = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            objects.append(i == 0 ? "" : ",").append(indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", GREEN,
                    "[domain-name:value = 'page" + i + ".example']"));
        }
        post(BANKING + "objects/", author.token(), "{\"objects\":[" + objects + "]}");
        var seen = new java.util.HashSet<String>();
        String next = null;
        int pages = 0;
        do {
            var page = get(BANKING + "objects/?limit=1" + (next == null ? "" : "&next=" + next), banker.token()).body();
            page.path("objects").forEach(o -> assertThat(seen.add(o.path("id").asString())).isTrue());
            next = page.path("more").asBoolean() ? page.path("next").asString() : null;
            pages++;
        } while (next != null && pages < 1000);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void pagesNameWhenTheirFirstAndLastObjectsWereAddedAndTheirLength() {
        var ids = new java.util.ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            var object = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", GREEN, "[domain-name:value = 'dated" + i + ".example']");
            assertThat(post(BANKING + "objects/", author.token(), envelope(object)).status()).isEqualTo(202);
            ids.add(id(object));
        }
        var match = "match[id]=" + String.join(",", ids);
        var added = get(BANKING + "manifest/?" + match, banker.token()).body().path("objects").valueStream()
                .map(o -> o.path("date_added").asString()).toList();
        assertThat(added).hasSize(3);

        var whole = send("GET", BANKING + "objects/?" + match, banker.token(), TAXII, null);
        assertDates(whole, added.get(0), added.get(2), 3);
        var first = send("GET", BANKING + "objects/?limit=2&" + match, banker.token(), TAXII, null);
        assertDates(first, added.get(0), added.get(1), 2);
        var next = json.readTree(first.body()).path("next").asString();
        var last = send("GET", BANKING + "objects/?limit=2&next=" + next + "&" + match, banker.token(), TAXII, null);
        assertDates(last, added.get(2), added.get(2), 1);
        assertThat(json.readTree(last.body()).path("more").asBoolean()).isFalse();
    }

    private void assertDates(HttpResponse<String> page, String first, String last, int objects) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(json.readTree(page.body()).path("objects").size()).isEqualTo(objects);
        assertThat(page.headers().firstValue("X-TAXII-Date-Added-First")).hasValue(first);
        assertThat(page.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue(last);
        assertThat(page.headers().firstValueAsLong("Content-Length"))
                .hasValue(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void anEnvelopeWithOneBadObjectStoresNothingAndSaysWhy() {
        var good = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", GREEN, "[domain-name:value = 'good.example']");
        var unmarked = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", null, "[domain-name:value = 'unmarked.example']");
        int before = count();

        var status = post(BANKING + "objects/", author.token(), envelope(good, unmarked)).body();

        assertThat(status.path("success_count").asInt()).isZero();
        assertThat(status.path("failure_count").asInt()).isEqualTo(2);
        assertThat(status.path("failures").toString()).contains("no TLP marking", "not stored");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void refusesRedEverywhereAndAmberStrictOutsideTheOrganisation() {
        var red = post(BANKING + "objects/", author.token(), envelope(indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", RED,
                "[domain-name:value = 'red.example']"))).body();
        assertThat(red.path("failures").toString()).contains("TLP:RED");
        var strict = post(BANKING + "objects/", author.token(), envelope(indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z",
                AMBER_STRICT, "[domain-name:value = 'strict.example']"))).body();
        assertThat(strict.path("failures").toString()).contains("AMBER+STRICT");

        var own = "/taxii2/tocsin/collections/" + banker.person().organisationId() + "/";
        var mine = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", AMBER_STRICT, "[domain-name:value = 'ours.example']");
        assertThat(post(own + "objects/", banker.token(), envelope(mine)).body().path("success_count").asInt()).isEqualTo(1);
        assertThat(get(own + "objects/", banker.token()).body().path("objects").size()).isEqualTo(1);
        assertThat(get(own + "objects/", lawyer.token()).status()).isEqualTo(404);
    }

    @Test
    void membersSubmitButOnlyTheAuthorityReadsSubmissions() {
        var sighting = indicator(UUID.randomUUID(), "2026-11-01T10:00:00.000Z", GREEN, "[domain-name:value = 'seen.example']");
        assertThat(post(SUBMISSIONS + "objects/", banker.token(), envelope(sighting)).status()).isEqualTo(202);
        assertThat(get(SUBMISSIONS + "objects/", banker.token()).status()).isEqualTo(403);
        assertThat(get(SUBMISSIONS + "objects/", author.token()).body().path("objects").size()).isGreaterThanOrEqualTo(1);
        assertThat(post(BANKING + "objects/", banker.token(), envelope(sighting)).status()).isEqualTo(403);
    }

    @Test
    void answersProtocolErrorsAsTheSpecificationSays() {
        assertThat(send("GET", BANKING + "objects/", null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", BANKING + "objects/", banker.token(), "application/json", null).statusCode()).isEqualTo(406);
        assertThat(send("POST", BANKING + "objects/", author.token(), TAXII, "{\"objects\":[]}", "application/json").statusCode())
                .isEqualTo(415);
        var malformed = send("POST", BANKING + "objects/", author.token(), TAXII, "{\"objects\": [ {\"type\": }", TAXII);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("line 1, column");
        assertThat(get(BANKING + "objects/?limit=zero", banker.token()).status()).isEqualTo(400);
        assertThat(get(BANKING + "objects/?sort=1;DROP TABLE stix_object", banker.token()).status()).isEqualTo(400);
        assertThat(get("/taxii2/tocsin/collections/not-a-collection/", banker.token()).status()).isEqualTo(404);
    }

    // ----- helpers -----

    private String indicator(UUID uuid, String modified, String marking, String pattern) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-01T10:00:00.000Z",
                 "modified":"%s","pattern":"%s","pattern_type":"stix","valid_from":"2026-11-01T10:00:00Z"%s}"""
                .formatted(uuid, modified, pattern.replace("'", "'"),
                        marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]");
    }

    private static String envelope(String... objects) {
        return "{\"objects\":[" + String.join(",", objects) + "]}";
    }

    private String id(String object) {
        return json.readTree(object).path("id").asString();
    }

    private int count() {
        return jdbc.sql("SELECT COUNT(*) FROM stix_object").query(Integer.class).single();
    }

    private Reply get(String path, String token) {
        return reply(send("GET", path, token, TAXII, null));
    }

    private Reply post(String path, String token, String body) {
        return reply(send("POST", path, token, TAXII, body, TAXII));
    }

    private Reply reply(HttpResponse<String> response) {
        var body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body, response.headers());
    }

    private HttpResponse<String> send(String method, String path, String token, String accept, String body) {
        return send(method, path, token, accept, body, TAXII);
    }

    private HttpResponse<String> send(String method, String path, String token, String accept, String body, String contentType) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.replace("[", "%5B").replace("]", "%5D")
                .replace(" ", "%20").replace(";", "%3B")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
