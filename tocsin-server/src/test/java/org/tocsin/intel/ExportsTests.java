package org.tocsin.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

/** Exports over the API: what the caller may see, in each format, and nothing else. */
@TocsinTest
class ExportsTests {

    static final String BANKING = "74ce0c4e-ac35-5534-9d86-f9a96ba4ec84";
    static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    IntelStore store;

    @Autowired
    Membership membership;

    @Autowired
    ObjectMapper json;

    @Test
    void aSectorMemberExportsItsSectorsIndicatorsInEveryFormat() {
        var domain = "export" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        addToBanking("[domain-name:value = '" + domain + "'] OR [ipv4-addr:value = '203.0.113.9']");
        var banker = accounts.member(accounts.organisation("banking"), Role.SECURITY_LEAD);
        var api = new ApiClient(port);

        var zeek = api.get("/api/v1/intel/export?format=zeek&collection=" + BANKING, banker.token());
        assertThat(zeek.status()).isEqualTo(200);
        assertThat(zeek.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", ".intel");
        assertThat(zeek.body()).contains(domain + "\tIntel::DOMAIN", "203.0.113.9\tIntel::ADDR");
        assertThat(api.get("/api/v1/intel/export?format=csv&collection=" + BANKING, banker.token()).body()).contains("\"" + domain + "\"");
        assertThat(api.get("/api/v1/intel/export?format=suricata&collection=" + BANKING, banker.token()).body()).contains(domain);
        assertThat(api.get("/api/v1/intel/export?format=rpz&collection=" + BANKING, banker.token()).body())
                .contains("*." + domain + " CNAME .", "32.9.113.0.203.rpz-ip CNAME .");
        assertThat(api.get("/api/v1/intel/export?format=hosts&collection=" + BANKING, banker.token()).body()).contains("0.0.0.0 " + domain);
        assertThat(api.get("/api/v1/intel/export?format=text&kind=ipv4&collection=" + BANKING, banker.token()).body())
                .contains("203.0.113.9").doesNotContain(domain);
        var bundle = json.readTree(api.get("/api/v1/intel/export?format=stix&collection=" + BANKING, banker.token()).body());
        assertThat(bundle.path("type").asString()).isEqualTo("bundle");
        assertThat(bundle.path("objects").toString()).contains(domain);
        OasisSchemas.assertValidBundle(bundle);
    }

    @Test
    void theStixExportIsIdenticalForEveryReader() {
        addToBanking("[domain-name:value = 'same" + UUID.randomUUID().toString().substring(0, 8) + ".example']");
        var api = new ApiClient(port);
        var one = accounts.member(accounts.organisation("banking"), Role.SECURITY_LEAD);
        var two = accounts.member(accounts.organisation("banking", "insurance"), Role.ANALYST);

        assertThat(api.get("/api/v1/intel/export?format=stix&collection=" + BANKING, one.token()).body())
                .isEqualTo(api.get("/api/v1/intel/export?format=stix&collection=" + BANKING, two.token()).body());
    }

    @Test
    void anotherSectorGetsNotFoundAndBadParametersAreNamed() {
        var lawyer = accounts.member(accounts.organisation("legal"), Role.SECURITY_LEAD);
        var api = new ApiClient(port);

        assertThat(api.get("/api/v1/intel/export?format=zeek&collection=" + BANKING, lawyer.token()).status()).isEqualTo(404);
        var badFormat = api.get("/api/v1/intel/export?format=xlsx", lawyer.token());
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.body()).contains("format", "zeek");
        assertThat(api.get("/api/v1/intel/export?format=text&kind=ssdeep", lawyer.token()).body()).contains("kind");
        assertThat(api.get("/api/v1/intel/export?format=text", null).status()).isEqualTo(401);
    }

    private void addToBanking(String pattern) {
        var author = accounts.staff(Role.AUTHOR);
        var collection = store.collection(author.person(), UUID.fromString(BANKING)).orElseThrow();
        var indicator = json.readTree("""
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-11-01T10:00:00.000Z",
                 "modified":"2026-11-01T10:00:00.000Z","name":"test","pattern":"%s","pattern_type":"stix",
                 "valid_from":"2026-11-01T10:00:00Z","object_marking_refs":["%s"]}""".formatted(UUID.randomUUID(), pattern, GREEN));
        assertThat(store.add(author.person(), collection, List.of(indicator)).failures()).isEmpty();
    }
}
