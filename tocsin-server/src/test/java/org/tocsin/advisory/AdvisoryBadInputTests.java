package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

/**
 * Bad input on every advisory write endpoint: a 400 problem detail naming the field at fault, and
 * nothing changed.
 */
@TocsinTest
class AdvisoryBadInputTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Advisories advisories;

    @Autowired
    JdbcClient jdbc;

    record Case(String name, Consumer<Map<String, Object>> change, String field, String message) {}

    @Test
    void refusesEveryBadFieldOfANewAdvisoryNamingItAndCreatesNothing() {
        var organisation = accounts.organisation("legal");
        var staffer = accounts.staff(Role.ADMIN);
        var author = accounts.staff(Role.AUTHOR);
        var cases = List.of(
                new Case("no title", d -> d.remove("title"), "title", "Enter the title"),
                new Case("title on two lines", d -> d.put("title", "one\ntwo"), "title", "on one line"),
                new Case("long title", d -> d.put("title", "t".repeat(201)), "title", "Use at most 200 characters"),
                new Case("no label", d -> d.remove("tlp"), "tlp", "Not a TLP 2.0 label: no label"),
                new Case("label with a space", d -> d.put("tlp", "TLP: AMBER"), "tlp", "Not a TLP 2.0 label: \\\"TLP: AMBER\\\""),
                new Case("TLP 1.0 label", d -> d.put("tlp", "TLP:WHITE"), "tlp", "expected one of TLP:CLEAR, TLP:GREEN"),
                new Case("lower-case label", d -> d.put("tlp", "tlp:amber"), "tlp", "Not a TLP 2.0 label"),
                new Case("unknown severity", d -> d.put("severity", "SEVERE"), "severity", "expected one of [LOW, MEDIUM, HIGH, CRITICAL]"),
                new Case("confidence over 100", d -> d.put("confidence", 101), "confidence", "from 0 to 100"),
                new Case("negative confidence", d -> d.put("confidence", -1), "confidence", "from 0 to 100"),
                new Case("no summary", d -> d.put("summary", "  "), "summary", "Enter the summary"),
                new Case("summary with a URL", d -> d.put("summary", "See hxxps://evil[.]example/x now"), "summary",
                        "found the URL 'hxxps://evil[.]example/x' at word 2"),
                new Case("summary with a control character", d -> d.put("summary", "bell\u0007"), "summary", "control character at position 5"),
                new Case("no body", d -> d.remove("body"), "body", "Enter the body"),
                new Case("huge body", d -> d.put("body", "b".repeat(100_001)), "body", "Use at most 100000 characters"),
                new Case("huge annex", d -> d.put("annex", "a".repeat(100_001)), "annex", "technical annex"),
                new Case("no actions", d -> d.put("actions", List.of()), "actions", "Add at least one recommended action"),
                new Case("too many actions", d -> d.put("actions", java.util.Collections.nCopies(21,
                        Map.of("text", "x", "ownerRole", "EXECUTIVE", "dueDays", 1))), "actions", "at most 20"),
                new Case("blank action", d -> d.put("actions", List.of(action("", "EXECUTIVE", 7))), "actions[0].text", "Enter the action"),
                new Case("authority role owns an action", d -> d.put("actions", List.of(action("x", "EXECUTIVE", 7),
                        action("y", "AUTHOR", 7))), "actions[1].ownerRole", "'AUTHOR' is not a member role"),
                new Case("unknown owner", d -> d.put("actions", List.of(action("x", "BOSS", 7))), "actions[0].ownerRole", "not a member role"),
                new Case("no deadline", d -> d.put("actions", List.of(action("x", "EXECUTIVE", null))), "actions[0].dueDays", "from 1 to 365"),
                new Case("deadline 0", d -> d.put("actions", List.of(action("x", "EXECUTIVE", 0))), "actions[0].dueDays", "from 1 to 365"),
                new Case("deadline over a year", d -> d.put("actions", List.of(action("x", "EXECUTIVE", 366))), "actions[0].dueDays", "from 1 to 365"),
                new Case("no audience", d -> d.remove("audience"), "audience", "Choose who receives the advisory"),
                new Case("empty audience", d -> d.put("audience", audience(List.of(), List.of(), List.of(), List.of("EXECUTIVE"))),
                        "audience", "Choose who receives the advisory"),
                new Case("unknown sector", d -> d.put("audience", audience(List.of("narnia"), List.of(), List.of(), List.of())),
                        "audience.sectors", "'narnia' is not a sector"),
                new Case("organisation not an id", d -> d.put("audience", audience(List.of(), List.of("acme"), List.of(), List.of())),
                        "audience.organisations", "'acme' is not an organisation id"),
                new Case("unknown organisation", d -> d.put("audience", audience(List.of(), List.of(UUID.randomUUID()), List.of(), List.of())),
                        "audience.organisations", "is not a member organisation"),
                new Case("the authority as audience", d -> d.put("audience", audience(List.of(), List.of(accounts.authority().id()),
                        List.of(), List.of())), "audience.organisations", "is not a member organisation"),
                new Case("unknown person", d -> d.put("audience", audience(List.of(), List.of(), List.of("nobody@nowhere.example"),
                        List.of())), "audience.users", "'nobody@nowhere.example' is not a member of a member organisation"),
                new Case("authority staff as recipient", d -> d.put("audience", audience(List.of(), List.of(),
                        List.of(staffer.username()), List.of())), "audience.users", "is not a member of a member organisation"),
                new Case("authority role in audience", d -> d.put("audience", audience(List.of(), List.of(organisation.id()),
                        List.of(), List.of("ADMIN"))), "audience.roles", "'ADMIN' is not a member role"));
        long before = count("SELECT COUNT(*) FROM advisory");

        for (var c : cases) {
            var body = draft("TLP:AMBER", audience(List.of(), List.of(organisation.id()), List.of(), List.of()));
            c.change().accept(body);
            var reply = api().post("/api/v1/advisories", author.token(), json(body));
            expectInvalid(c.name(), reply, c.field(), c.message());
        }
        for (var malformed : Map.of(
                "{\"title\": \"x\", \"colour\": \"red\"}", "unknown property 'colour'",
                "{\"title\": \"x\", \"confidence\": \"high\"}", "(property 'confidence')",
                "{\"title\": \"x\", \"actions\": \"none\"}", "(property 'actions')",
                "{\"title\": ", "not valid").entrySet()) {
            var reply = api().post("/api/v1/advisories", author.token(), malformed.getKey());
            assertThat(reply.status()).as(malformed.getKey()).isEqualTo(400);
            assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(reply.body()).as(malformed.getKey()).contains(malformed.getValue());
        }
        assertThat(count("SELECT COUNT(*) FROM advisory")).isEqualTo(before);
    }

    @Test
    void refusesBadChangesToADraftAndKeepsItAsItWas() {
        var organisation = accounts.organisation("legal");
        var author = accounts.staff(Role.AUTHOR);
        var id = read(api().post("/api/v1/advisories", author.token(),
                json(draft("TLP:AMBER", audience(List.of(), List.of(organisation.id()), List.of(), List.of())))).body())
                .get("id").asString();
        var bad = draft("TLP:RED", audience(List.of(), List.of(organisation.id()), List.of(), List.of()));
        bad.put("title", "A new title");

        expectInvalid("RED to an organisation", api().call("PUT", "/api/v1/advisories/" + id, author.token(), json(bad)),
                "audience", "TLP:RED goes to named people only");
        expectInvalid("not an id", api().call("PUT", "/api/v1/advisories/not-an-id", author.token(), json(bad)), "id", "expected");
        for (var step : List.of("submit", "approve", "publish", "withdraw")) {
            assertThat(api().post("/api/v1/advisories/42/" + step, author.token(), null).status()).as(step).isIn(400, 403);
        }

        var stored = read(api().get("/api/v1/advisories/" + id, author.token()).body());
        assertThat(stored.get("title").asString()).isEqualTo(AdvisoryJson.TITLE);
        assertThat(stored.get("tlp").asString()).isEqualTo("TLP:AMBER");
        assertThat(stored.get("status").asString()).isEqualTo("DRAFT");
    }

    @Test
    void refusesBadWithdrawalsAcknowledgementsAndReportsAndChangesNothing() {
        var organisation = accounts.organisation("legal");
        var executive = accounts.member(organisation, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = advisories.create(author.person(), new Draft(AdvisoryJson.TITLE, "TLP:GREEN", "LOW", null,
                AdvisoryJson.SUMMARY, AdvisoryJson.BODY, null, List.of(new Draft.Action(AdvisoryJson.ACTION, "EXECUTIVE", 7)),
                new Draft.Audience(List.of(), List.of(organisation.id().toString()), List.of(), List.of()))).id();
        advisories.submit(author.person(), id);
        advisories.approve(approver.person(), id);
        advisories.publish(author.person(), id);
        var path = "/api/v1/advisories/" + id;

        expectInvalid("long reason", api().post(path + "/withdraw", author.token(), json(Map.of("reason", "r".repeat(501)))),
                "reason", "at most 500");
        assertThat(read(api().get(path, author.token()).body()).get("status").asString()).isEqualTo("PUBLISHED");

        expectInvalid("long comment", api().post(path + "/acknowledgement", executive.token(),
                json(Map.of("comment", "c".repeat(1001)))), "comment", "at most 1000");
        var unknown = api().post(path + "/acknowledgement", executive.token(), "{\"comment\":\"x\",\"signature\":\"y\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown property 'signature'");
        assertThat(state(id)).isNotEqualTo("ACKNOWLEDGED");

        assertThat(api().post(path + "/acknowledgement", executive.token(), null).status()).isEqualTo(200);
        expectInvalid("unknown status", api().call("PUT", path + "/actions/1", executive.token(), "{\"status\":\"FINISHED\"}"),
                "status", "'FINISHED' is not valid; expected one of [NOT_STARTED, IN_PROGRESS, DONE, NOT_APPLICABLE]");
        expectInvalid("no status", api().call("PUT", path + "/actions/1", executive.token(), "{\"comment\":\"x\"}"),
                "status", "Missing");
        expectInvalid("long comment", api().call("PUT", path + "/actions/1", executive.token(),
                json(Map.of("status", "DONE", "comment", "c".repeat(1001)))), "comment", "at most 1000");
        expectInvalid("action not a number", api().call("PUT", path + "/actions/first", executive.token(),
                "{\"status\":\"DONE\"}"), "n", "expected");
        assertThat(api().call("PUT", path + "/actions/2", executive.token(), "{\"status\":\"DONE\"}").status())
                .as("no second action").isEqualTo(404);
        assertThat(api().call("PUT", path + "/actions/0", executive.token(), "{\"status\":\"DONE\"}").status()).isEqualTo(404);
        assertThat(api().call("PUT", path + "/actions/1", executive.token(), null).status()).isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM recipient_action WHERE advisory_id = '" + id + "'")).isZero();
    }

    private static Map<String, Object> action(String text, String ownerRole, Integer dueDays) {
        var action = new LinkedHashMap<String, Object>();
        action.put("text", text);
        action.put("ownerRole", ownerRole);
        action.put("dueDays", dueDays);
        return action;
    }

    private static void expectInvalid(String name, ApiClient.Reply reply, String field, String message) {
        assertThat(reply.status()).as(name + ": " + reply.body()).isEqualTo(400);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).as(name).startsWith("application/problem+json");
        assertThat(reply.body()).as(name).contains("\"field\":\"" + field + "\"", message);
    }

    private String state(UUID id) {
        var states = new ArrayList<>(jdbc.sql("SELECT state FROM recipient WHERE advisory_id = :id").param("id", id)
                .query(String.class).list());
        return states.get(0);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
