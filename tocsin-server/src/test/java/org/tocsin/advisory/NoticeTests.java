package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

/**
 * Members' notices over the real API and portal: derived from an advisory by an author, with their
 * own label, audience and four-eyes approval; their readers never reach the parent; a less strict
 * notice that repeats its parent is refused; and nobody but the authority learns what a notice
 * was derived from.
 */
@TocsinTest
class NoticeTests {

    private static final String NOTICE_SUMMARY = "Attackers working for a foreign state are trying to steal "
            + "commercial secrets from UK firms. Ask your security lead whether you would notice.";
    private static final String NOTICE_BODY = "Every member should check that someone is watching for intrusions.";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aGreenNoticeFromAnAmberAdvisoryReachesTheWiderAudienceButNeverTheParent() {
        var a = accounts.organisation("insurance");
        var wider = accounts.organisation("telecoms");
        var executiveA = accounts.member(a, Role.EXECUTIVE);
        var member = accounts.member(wider, Role.ANALYST);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var auditor = accounts.staff(Role.AUDITOR);
        var parent = Mailbox.publish(api(), author, approver, draft("TLP:AMBER",
                audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE"))));

        var derived = api().post("/api/v1/advisories/" + parent + "/notices", author.token(), json(notice("TLP:GREEN",
                List.of(a.id(), wider.id()))));
        assertThat(derived.status()).as(derived.body()).isEqualTo(201);
        var view = read(derived.body());
        assertThat(view.get("kind").asString()).isEqualTo("NOTICE");
        assertThat(view.get("derivedFrom").asString()).isEqualTo(parent);
        var notice = view.get("notice").get("id").asString();
        assertThat(view.get("notice").get("status").asString()).isEqualTo("DRAFT");
        assertThat(view.get("notice").get("tlp").asString()).isEqualTo("TLP:GREEN");

        assertThat(api().post("/api/v1/advisories/" + notice + "/submit", author.token(), null).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/advisories/" + notice + "/approve", author.token(), null).status())
                .as("an author is not an approver").isEqualTo(403);
        var authorApprover = accounts.staff(Role.AUTHOR, Role.APPROVER);
        var ownNotice = api().post("/api/v1/advisories/" + parent + "/notices", authorApprover.token(),
                json(notice("TLP:GREEN", List.of(wider.id()))));
        var own = read(ownNotice.body()).get("notice").get("id").asString();
        api().post("/api/v1/advisories/" + own + "/submit", authorApprover.token(), null);
        assertThat(api().post("/api/v1/advisories/" + own + "/approve", authorApprover.token(), null).status())
                .as("four-eyes holds for notices").isEqualTo(403);
        assertThat(api().post("/api/v1/advisories/" + notice + "/publish", approver.token(), null).status())
                .as("its own approval first").isEqualTo(409);
        assertThat(api().post("/api/v1/advisories/" + notice + "/approve", approver.token(), null).status()).isEqualTo(200);
        var published = api().post("/api/v1/advisories/" + notice + "/publish", approver.token(), null);
        assertThat(read(published.body()).get("recipients").asInt()).isEqualTo(2);
        var told = jdbc.sql("SELECT subject, body FROM mail_outbox WHERE recipient = :to")
                .param("to", member.username()).query((rs, n) -> rs.getString(1) + "\n" + rs.getString(2)).single();
        assertThat(told).as("the e-mail calls it what it is").startsWith("Tocsin: a new members' notice for you [TLP:GREEN]")
                .contains("A new members' notice has been published for you.", "does not contain the members' notice")
                .doesNotContain("new advisory");

        var copy = api().get("/api/v1/advisories/" + notice, member.token());
        assertThat(copy.status()).isEqualTo(200);
        assertThat(read(copy.body()).get("tlp").asString()).isEqualTo("TLP:GREEN");
        assertThat(copy.body()).as("a notice's copy says nothing of its parent").doesNotContain(parent, "derived");
        var page = new PortalClient(port);
        assertThat(page.signIn(member).location()).isEqualTo("/");
        assertThat(page.get("/advisories/" + notice).body()).as("the reader's page calls it what it is")
                .contains("Members&#39; notice, version 1", "I have read this members&#39; notice")
                .doesNotContain(parent);
        assertThat(api().get("/api/v1/advisories/" + parent, member.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/advisories/" + parent + "/report", member.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/advisories/" + notice + "/derivation", member.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/advisories/" + notice + "/derivation", executiveA.token()).status()).isEqualTo(404);

        var derivation = read(api().get("/api/v1/advisories/" + notice + "/derivation", auditor.token()).body());
        assertThat(derivation.get("kind").asString()).isEqualTo("NOTICE");
        assertThat(derivation.get("derivedFrom").get("id").asString()).isEqualTo(parent);
        var parentDerivation = read(api().get("/api/v1/advisories/" + parent + "/derivation", author.token()).body());
        assertThat(parentDerivation.get("kind").asString()).isEqualTo("ADVISORY");
        assertThat(parentDerivation.get("notices")).hasSize(2);
        assertThat(api().get("/api/v1/advisories/00000000-0000-0000-0000-000000000001/derivation", author.token())
                .status()).isEqualTo(404);

        var elsewhere = accounts.member(accounts.organisation("water"), Role.ANALYST);
        assertThat(api().post("/api/v1/advisories/" + notice + "/shares", member.token(),
                json(Map.of("username", elsewhere.username()))).status())
                .as("a GREEN notice may be shared with any approved member").isEqualTo(201);
    }

    @Test
    void refusesANoticeThatRelabelsItsParentOrComesFromNowhere() {
        var a = accounts.organisation("insurance");
        accounts.member(a, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var executive = accounts.member(a, Role.EXECUTIVE);
        var parent = api().post("/api/v1/advisories", author.token(), json(draft("TLP:AMBER",
                audience(List.of(), List.of(a.id()), List.of(), List.of()))));
        var parentId = read(parent.body()).get("id").asString();
        long before = advisories();

        var copied = notice("TLP:GREEN", List.of(a.id()));
        copied.put("summary", AdvisoryJson.SUMMARY);
        var relabelled = api().post("/api/v1/advisories/" + parentId + "/notices", author.token(), json(copied));
        assertThat(relabelled.status()).isEqualTo(400);
        assertThat(relabelled.body()).contains("must not repeat the summary of its TLP:AMBER advisory", "\"field\":\"summary\"");
        copied = notice("TLP:CLEAR", List.of(a.id()));
        copied.put("body", AdvisoryJson.BODY);
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", author.token(), json(copied)).body())
                .contains("\"field\":\"body\"");
        var sameLabel = notice("TLP:AMBER", List.of(a.id()));
        sameLabel.put("summary", AdvisoryJson.SUMMARY);
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", author.token(), json(sameLabel)).status())
                .as("as strict as its parent, it may say the same").isEqualTo(201);
        before++;

        var noLabel = notice("TLP: GREEN", List.of(a.id()));
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", author.token(), json(noLabel)).body())
                .contains("\"field\":\"tlp\"");
        var noAudience = notice("TLP:GREEN", List.of());
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", author.token(), json(noAudience)).body())
                .contains("\"field\":\"audience\"");
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", author.token(), "{\"title\":").status())
                .isEqualTo(400);
        assertThat(api().post("/api/v1/advisories/00000000-0000-0000-0000-000000000001/notices", author.token(),
                json(notice("TLP:GREEN", List.of(a.id())))).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", approver.token(),
                json(notice("TLP:GREEN", List.of(a.id())))).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", executive.token(),
                json(notice("TLP:GREEN", List.of(a.id())))).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/advisories/" + parentId + "/notices", null,
                json(notice("TLP:GREEN", List.of(a.id())))).status()).isEqualTo(401);
        assertThat(advisories()).as("refusals wrote nothing").isEqualTo(before);

        var first = api().post("/api/v1/advisories/" + parentId + "/notices", author.token(),
                json(notice("TLP:GREEN", List.of(a.id()))));
        var noticeId = read(first.body()).get("notice").get("id").asString();
        var edited = notice("TLP:GREEN", List.of(a.id()));
        edited.put("summary", AdvisoryJson.SUMMARY);
        var relabelledLater = api().call("PUT", "/api/v1/advisories/" + noticeId, author.token(), json(edited));
        assertThat(relabelledLater.status()).as("the rule holds for edits too").isEqualTo(400);
        assertThat(relabelledLater.body()).contains("must not repeat the summary");
        assertThat(read(api().get("/api/v1/advisories/" + noticeId, author.token()).body()).get("summary").asString())
                .isEqualTo(NOTICE_SUMMARY);
        edited.put("summary", NOTICE_SUMMARY + " Act now.");
        assertThat(api().call("PUT", "/api/v1/advisories/" + noticeId, author.token(), json(edited)).status())
                .isEqualTo(200);
        var ofNotice = api().post("/api/v1/advisories/" + noticeId + "/notices", author.token(),
                json(notice("TLP:GREEN", List.of(a.id()))));
        assertThat(ofNotice.status()).isEqualTo(409);
        assertThat(ofNotice.body()).contains("derived from an advisory, not from another notice");
    }

    @Test
    void anAuthorWritesANoticeFromTheAdvisoryPage() {
        var a = accounts.organisation("insurance");
        var author = accounts.staff(Role.AUTHOR);
        var parent = api().post("/api/v1/advisories", author.token(), json(draft("TLP:AMBER",
                audience(List.of("insurance"), List.of(), List.of(), List.of("EXECUTIVE")))));
        var parentId = read(parent.body()).get("id").asString();
        var portal = new PortalClient(port);
        assertThat(portal.signIn(author).location()).isEqualTo("/");
        assertThat(portal.get("/advisories/" + parentId).body()).contains("id=\"derive-notice\"");
        var form = portal.get("/advisories/" + parentId + "/notices/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Write a members&#39; notice", "id=\"derived-from\"",
                "action=\"/advisories/" + parentId + "/notices\"");
        var fields = new java.util.LinkedHashMap<String, String>();
        fields.put("title", "Members' notice: espionage");
        fields.put("tlp", "TLP:GREEN");
        fields.put("severity", "HIGH");
        fields.put("confidence", "");
        fields.put("summary", AdvisoryJson.SUMMARY);
        fields.put("body", NOTICE_BODY);
        fields.put("annex", "");
        fields.put("actionText", "Tell the board");
        fields.put("actionOwner", "EXECUTIVE");
        fields.put("actionDays", "14");
        fields.put("sectors", "insurance");
        fields.put("users", "");
        var refused = portal.post("/advisories/" + parentId + "/notices", fields);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("govuk-error-summary", "href=\"#summary\"", "must not repeat the summary");
        fields.put("summary", NOTICE_SUMMARY);
        var created = portal.post("/advisories/" + parentId + "/notices", fields);
        assertThat(created.status()).isEqualTo(302);
        var page = portal.get(created.location());
        assertThat(page.body()).contains("Members' notice derived from", "TLP:GREEN", "id=\"submit\"")
                .containsPattern("Sectors:\\s*<span>Insurance</span>").doesNotContain("id=\"derive-notice\"");
        assertThat(portal.get("/advisories/" + parentId).body()).contains("id=\"notices\"", "Members&#39; notice: espionage");
        var member = new PortalClient(port);
        assertThat(member.signIn(accounts.member(a, Role.EXECUTIVE)).location()).isEqualTo("/");
        assertThat(member.get("/advisories/" + parentId + "/notices/new").status()).isEqualTo(403);
    }

    private static Map<String, Object> notice(String tlp, List<?> organisations) {
        var notice = draft(tlp, audience(List.of(), organisations, List.of(), List.of()));
        notice.put("title", "Members' notice: espionage against UK firms");
        notice.put("summary", NOTICE_SUMMARY);
        notice.put("body", NOTICE_BODY);
        notice.put("annex", "");
        return notice;
    }

    private long advisories() {
        return jdbc.sql("SELECT COUNT(*) FROM advisory").query(Long.class).single();
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
