package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;
import org.tocsin.stix.json.OasisSchemas;

/** An advisory's technical annex as a STIX report: the same for every reader, for readers only, never for RED. */
@TocsinTest
class AdvisoryReportTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Test
    void everyRecipientGetsTheSameReportOfTheLinkedIndicators() {
        var organisation = accounts.organisation("legal");
        var one = accounts.member(organisation, Role.EXECUTIVE);
        var two = accounts.member(organisation, Role.SECURITY_LEAD);
        var outsider = accounts.member(accounts.organisation("legal"), Role.SECURITY_LEAD);
        var indicators = List.of("indicator--" + UUID.randomUUID(), "indicator--" + UUID.randomUUID());
        var id = published("TLP:AMBER", organisation.id(), indicators);
        var api = new ApiClient(port);

        var first = api.get("/api/v1/advisories/" + id + "/report", one.token());
        assertThat(first.status()).isEqualTo(200);
        var report = read(first.body());
        assertThat(report.path("type").asString()).isEqualTo("report");
        assertThat(report.path("object_refs").valueStream().map(n -> n.asString()).toList())
                .containsExactlyInAnyOrderElementsOf(indicators);
        assertThat(report.path("object_marking_refs").get(0).asString())
                .isEqualTo("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
        OasisSchemas.assertValid(report);
        assertThat(api.get("/api/v1/advisories/" + id + "/report", two.token()).body()).isEqualTo(first.body());
        assertThat(api.get("/api/v1/advisories/" + id + "/report", outsider.token()).status()).isEqualTo(404);
    }

    @Test
    void aRedAdvisoryIsNeverExported() {
        var organisation = accounts.organisation("legal");
        var named = accounts.member(organisation, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var api = new ApiClient(port);
        var created = read(api.post("/api/v1/advisories", author.token(),
                json(draft("TLP:RED", audience(List.of(), List.of(), List.of(named.username()), List.of())))).body());
        var id = created.path("id").asString();
        api.call("PUT", "/api/v1/advisories/" + id + "/indicators", author.token(),
                json(Map.of("indicators", List.of("indicator--" + UUID.randomUUID()))));
        api.post("/api/v1/advisories/" + id + "/submit", author.token(), null);
        api.post("/api/v1/advisories/" + id + "/approve", approver.token(), null);
        assertThat(api.post("/api/v1/advisories/" + id + "/publish", author.token(), null).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/advisories/" + id + "/report", named.token()).status()).isEqualTo(404);
    }

    @Test
    void indicatorsAreLinkedToDraftsOnlyAndMustBeIndicatorIds() {
        var author = accounts.staff(Role.AUTHOR);
        var organisation = accounts.organisation("legal");
        var api = new ApiClient(port);
        var id = read(api.post("/api/v1/advisories", author.token(),
                json(draft("TLP:GREEN", audience(List.of(), List.of(organisation.id()), List.of(), List.of())))).body())
                .path("id").asString();

        var bad = api.call("PUT", "/api/v1/advisories/" + id + "/indicators", author.token(),
                json(Map.of("indicators", List.of("malware--" + UUID.randomUUID()))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("indicators[0]");
        api.post("/api/v1/advisories/" + id + "/submit", author.token(), null);
        assertThat(api.call("PUT", "/api/v1/advisories/" + id + "/indicators", author.token(),
                json(Map.of("indicators", List.of("indicator--" + UUID.randomUUID())))).status()).isEqualTo(409);
        var member = accounts.member(organisation, Role.SECURITY_LEAD);
        assertThat(api.call("PUT", "/api/v1/advisories/" + id + "/indicators", member.token(),
                json(Map.of("indicators", List.of()))).status()).isEqualTo(403);
    }

    private String published(String tlp, UUID organisation, List<String> indicators) {
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var api = new ApiClient(port);
        var id = read(api.post("/api/v1/advisories", author.token(),
                json(draft(tlp, audience(List.of(), List.of(organisation), List.of(), List.of())))).body()).path("id").asString();
        assertThat(api.call("PUT", "/api/v1/advisories/" + id + "/indicators", author.token(),
                json(Map.of("indicators", indicators))).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/advisories/" + id + "/submit", author.token(), null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/advisories/" + id + "/approve", approver.token(), null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/advisories/" + id + "/publish", author.token(), null).status()).isEqualTo(200);
        return id;
    }
}
