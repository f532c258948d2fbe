package org.tocsin.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;

import tools.jackson.databind.ObjectMapper;

/**
 * Collections × TLP labels × callers, against an oracle written independently of the store: every
 * caller reads exactly the objects the rules give them, through every reading path (objects,
 * object by id, versions, manifest, export), and nothing else.
 */
@TocsinTest
class TaxiiAccessMatrixTests {

    static final String ALL = "442e015a-12fc-5da5-b3b3-54ab911c8403";
    static final String BANKING = "74ce0c4e-ac35-5534-9d86-f9a96ba4ec84";
    static final String LEGAL = "7494b0b7-ae9c-5407-817e-643d160319eb";
    static final String SUBMISSIONS = "ddc77f14-73ae-5388-985c-496c8d7e1bd0";
    static final Map<String, String> MARKINGS = Map.of(
            "TLP:CLEAR", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "TLP:GREEN", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "TLP:AMBER", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "TLP:AMBER+STRICT", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    ObjectMapper json;

    record Placed(String id, String collection, String tlp, UUID ownerOrganisation) {}

    record Caller(String name, String token, UUID organisation, Set<String> sectors, boolean staff, boolean active) {}

    @Test
    void everyCallerReadsExactlyWhatTheRulesGiveThemOnEveryPath() {
        var author = accounts.staff(Role.AUTHOR);
        var bankA = accounts.organisation("banking");
        var bankB = accounts.organisation("banking");
        var firm = accounts.organisation("legal");
        var leadA = accounts.member(bankA, Role.SECURITY_LEAD);
        var leadB = accounts.member(bankB, Role.SECURITY_LEAD);
        var lawyer = accounts.member(firm, Role.SECURITY_LEAD);
        var suspendedOrg = accounts.organisation("banking");
        var suspended = accounts.member(suspendedOrg, Role.SECURITY_LEAD);

        var placed = new ArrayList<Placed>();
        for (var collection : List.of(ALL, BANKING, LEGAL)) {
            for (var tlp : List.of("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER")) {
                placed.add(put(author.token(), collection, tlp, author.person().organisationId()));
            }
        }
        for (var tlp : List.of("TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT")) {
            placed.add(put(leadA.token(), bankA.id().toString(), tlp, bankA.id()));
        }
        placed.add(put(leadA.token(), SUBMISSIONS, "TLP:AMBER", bankA.id()));
        placed.add(put(suspended.token(), suspendedOrg.id().toString(), "TLP:GREEN", suspendedOrg.id()));
        membership.suspend(suspendedOrg.id(), "matrix test");

        var auditor = accounts.staff(Role.AUDITOR);
        var callers = List.of(
                new Caller("bank A lead", leadA.token(), bankA.id(), Set.of("banking"), false, true),
                new Caller("bank B lead", leadB.token(), bankB.id(), Set.of("banking"), false, true),
                new Caller("law firm lead", lawyer.token(), firm.id(), Set.of("legal"), false, true),
                new Caller("author", author.token(), author.person().organisationId(), Set.of(), true, true),
                new Caller("auditor", auditor.token(), auditor.person().organisationId(), Set.of(), true, true),
                new Caller("suspended organisation", suspended.token(), suspendedOrg.id(), Set.of("banking"), false, false));
        var collections = new ArrayList<>(List.of(ALL, BANKING, LEGAL, SUBMISSIONS, bankA.id().toString(),
                suspendedOrg.id().toString()));

        int cells = 0;
        for (var caller : callers) {
            for (var collection : collections) {
                var oracle = placed.stream().filter(p -> p.collection().equals(collection))
                        .filter(p -> mayRead(caller, p)).map(Placed::id).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
                var response = get("/taxii2/tocsin/collections/" + collection + "/objects/?limit=1000", caller.token());
                if (!caller.active()) {
                    assertThat(response.statusCode()).as(caller.name()).isEqualTo(401);
                    continue;
                }
                if (!mayOpen(caller, collection)) {
                    assertThat(response.statusCode()).as(caller.name() + " on " + collection).isIn(403, 404);
                    assertThat(response.body()).doesNotContain("indicator--");
                    continue;
                }
                var served = new TreeSet<String>();
                json.readTree(response.body()).path("objects").forEach(o -> served.add(o.path("id").asString()));
                var ours = placed.stream().map(Placed::id).collect(java.util.stream.Collectors.toSet());
                served.retainAll(ours);
                assertThat(served).as(caller.name() + " reading " + collection).isEqualTo(oracle);
                for (var p : placed.stream().filter(p -> p.collection().equals(collection)).toList()) {
                    var base = "/taxii2/tocsin/collections/" + collection + "/objects/" + p.id() + "/";
                    int expected = mayRead(caller, p) ? 200 : 404;
                    assertThat(get(base, caller.token()).statusCode()).as(caller.name() + " " + p).isEqualTo(expected);
                    assertThat(get(base + "versions/", caller.token()).statusCode()).as(caller.name() + " versions " + p).isEqualTo(expected);
                    assertThat(get("/taxii2/tocsin/collections/" + collection + "/manifest/?match[id]=" + p.id(), caller.token()).body()
                            .contains(p.id())).as(caller.name() + " manifest " + p).isEqualTo(expected == 200);
                    cells += 3;
                }
                var export = get("/api/v1/intel/export?format=stix&collection=" + collection, caller.token());
                for (var p : placed.stream().filter(p -> p.collection().equals(collection)).toList()) {
                    assertThat(export.body().contains(p.id())).as(caller.name() + " export " + p).isEqualTo(mayRead(caller, p));
                    cells++;
                }
            }
        }
        assertThat(cells).isGreaterThan(100);
    }

    /** The oracle: the rules of docs/SECURITY.md and PRODUCT.md, written out plainly. */
    private static boolean mayRead(Caller caller, Placed object) {
        if (!caller.active() || object.tlp().equals("TLP:RED")) {
            return false;
        }
        if (object.tlp().equals("TLP:AMBER+STRICT") && !object.ownerOrganisation().equals(caller.organisation())) {
            return false;
        }
        return mayOpen(caller, object.collection()) && !(object.collection().equals(SUBMISSIONS) && !caller.staff());
    }

    private static boolean mayOpen(Caller caller, String collection) {
        return switch (collection) {
            case ALL -> true;
            case BANKING -> caller.staff() || caller.sectors().contains("banking");
            case LEGAL -> caller.staff() || caller.sectors().contains("legal");
            case SUBMISSIONS -> caller.staff();
            default -> collection.equals(caller.organisation().toString());
        };
    }

    private Placed put(String token, String collection, String tlp, UUID owner) {
        var id = "indicator--" + UUID.randomUUID();
        var body = """
                {"objects":[{"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-11-01T10:00:00.000Z",
                 "modified":"2026-11-01T10:00:00.000Z","pattern":"[domain-name:value = 'matrix.example']",
                 "pattern_type":"stix","valid_from":"2026-11-01T10:00:00Z","object_marking_refs":["%s"]}]}"""
                .formatted(id, MARKINGS.get(tlp));
        var response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/taxii2/tocsin/collections/" + collection + "/objects/"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/taxii+json;version=2.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(json.readTree(response.body()).path("success_count").asInt()).as(response.body()).isEqualTo(1);
        return new Placed(id, collection, tlp, owner);
    }

    private HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.replace("[", "%5B").replace("]", "%5D")))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
