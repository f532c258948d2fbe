package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;
import org.tocsin.stix.json.OasisSchemas;

import tools.jackson.databind.ObjectMapper;

/** Members report to the authority; what is passed on names them only with their consent. */
@TocsinTest
class SubmissionsTests {

    static final String SUBMISSIONS = "/taxii2/tocsin/collections/ddc77f14-73ae-5388-985c-496c8d7e1bd0/objects/";
    static final String ALL_MEMBERS_ID = "442e015a-12fc-5da5-b3b3-54ab911c8403";
    static final String ALL_MEMBERS = "/taxii2/tocsin/collections/" + ALL_MEMBERS_ID + "/objects/";
    static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    ObjectMapper json;

    @Test
    void anAnonymousSubmissionIsPassedOnUnderANeutralIdentity() {
        var organisation = accounts.organisation("banking");
        var banker = accounts.member(organisation, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var lawyer = accounts.member(accounts.organisation("legal"), Role.SECURITY_LEAD);
        var indicator = indicator("identity--" + UUID.randomUUID());

        assertThat(submit(banker.token(), indicator, null).statusCode()).isEqualTo(202);

        var submission = find(author.token(), id(indicator));
        assertThat(submission.path("submitter").asString()).startsWith("An anonymous member").doesNotContain(organisation.name());
        var api = new ApiClient(port);
        var released = api.post("/api/v1/intel/submissions/" + submission.path("seq").asLong() + "/release", author.token(),
                "{\"collection\":\"" + ALL_MEMBERS_ID + "\"}");
        assertThat(released.status()).isEqualTo(200);

        var seen = get(ALL_MEMBERS + "?match[id]=" + id(indicator), lawyer.token());
        assertThat(seen).contains(IntelStore.ANONYMOUS_MEMBER).doesNotContain(organisation.name());
        assertThat(json.readTree(seen).path("objects").get(0).path("created_by_ref").asString()).isEqualTo(IntelStore.ANONYMOUS_MEMBER);
        var neutral = get(ALL_MEMBERS + "?match[id]=" + IntelStore.ANONYMOUS_MEMBER, lawyer.token());
        assertThat(neutral).contains("A Tocsin member");
        // What the server writes itself (the released copy, the neutral identity) is valid STIX by the OASIS schemas.
        OasisSchemas.assertValid(json.readTree(seen).path("objects").get(0));
        OasisSchemas.assertValid(json.readTree(neutral).path("objects").get(0));
    }

    @Test
    void aSubmitterWhoConsentsIsNamedToTheAuthorityAndKeepsTheirIdentityWhenPassedOn() {
        var organisation = accounts.organisation("energy");
        var lead = accounts.member(organisation, Role.ANALYST);
        var author = accounts.staff(Role.AUTHOR);
        var creator = "identity--" + UUID.randomUUID();
        var indicator = indicator(creator);

        submit(lead.token(), indicator, "everyone");
        var submission = find(author.token(), id(indicator));
        assertThat(submission.path("submitter").asString()).isEqualTo(organisation.name());
        new ApiClient(port).post("/api/v1/intel/submissions/" + submission.path("seq").asLong() + "/release", author.token(),
                "{\"collection\":\"" + ALL_MEMBERS_ID + "\"}");

        var reader = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);
        assertThat(json.readTree(get(ALL_MEMBERS + "?match[id]=" + id(indicator), reader.token())).path("objects").get(0)
                .path("created_by_ref").asString()).isEqualTo(creator);
    }

    @Test
    void onlyTheAuthorityReviewsAndReleasesAndConsentIsChecked() {
        var lead = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);
        var api = new ApiClient(port);

        assertThat(api.get("/api/v1/intel/submissions", lead.token()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/intel/submissions/1/release", lead.token(), "{\"collection\":\"" + ALL_MEMBERS_ID + "\"}")
                .status()).isEqualTo(403);
        assertThat(submit(lead.token(), indicator("identity--" + UUID.randomUUID()), "whoever").statusCode()).isEqualTo(400);
        var approver = accounts.staff(Role.APPROVER);
        assertThat(api.post("/api/v1/intel/submissions/1/release", approver.token(), "{\"collection\":\"" + ALL_MEMBERS_ID + "\"}")
                .status()).isEqualTo(403);
    }

    private tools.jackson.databind.JsonNode find(String token, String objectId) {
        var items = json.readTree(new ApiClient(port).get("/api/v1/intel/submissions", token).body()).path("items");
        return items.valueStream().filter(i -> i.path("id").asString().equals(objectId)).findFirst().orElseThrow();
    }

    private String indicator(String creator) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-01T10:00:00.000Z",
                 "modified":"2026-11-01T10:00:00.000Z","created_by_ref":"%s","pattern":"[domain-name:value = 'sub.example']",
                 "pattern_type":"stix","valid_from":"2026-11-01T10:00:00Z","object_marking_refs":["%s"]}"""
                .formatted(UUID.randomUUID(), creator, GREEN);
    }

    private String id(String object) {
        return json.readTree(object).path("id").asString();
    }

    private HttpResponse<String> submit(String token, String object, String attribution) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SUBMISSIONS))
                .header("Authorization", "Bearer " + token).header("Accept", "application/taxii+json;version=2.1")
                .header("Content-Type", "application/taxii+json;version=2.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + object + "]}"));
        if (attribution != null) {
            request.header("X-Tocsin-Attribution", attribution);
        }
        return send(request.build());
    }

    private String get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.replace("[", "%5B").replace("]", "%5D")))
                .header("Authorization", "Bearer " + token).header("Accept", "application/taxii+json;version=2.1").build()).body();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
