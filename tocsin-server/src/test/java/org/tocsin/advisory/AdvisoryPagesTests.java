package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.Accounts;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Role;

/**
 * The portal's advisory pages as people use them, over real HTTP with sessions and CSRF tokens:
 * the author's form and its error summary, review and approval by another person, publication,
 * the recipient's copy with acknowledgement and action status, and the authority's dashboard.
 */
@TocsinTest
class AdvisoryPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Test
    void takesAnAdvisoryFromTheAuthorsFormToTheRecipientsAcknowledgement() {
        var organisation = accounts.organisation("accountancy");
        var executive = accounts.member(organisation, Role.EXECUTIVE);
        var outsider = accounts.member(organisation, Role.ANALYST);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);

        var writer = signedIn(author);
        assertThat(writer.get("/advisories").body()).contains("id=\"new-advisory\"");
        var form = writer.get("/advisories/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"summary\"", "TLP:AMBER+STRICT", "name=\"actionText\"");

        var withIndicator = fields(organisation);
        withIndicator.put("summary", "Block traffic to 203.0.113.7 at once.");
        var refused = writer.post("/advisories", withIndicator);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("govuk-error-summary", "href=\"#summary\"",
                "found the IPv4 address &#39;203.0.113.7&#39; at word 4", "value=\"Espionage in the audit room\"");
        var badDeadline = fields(organisation);
        badDeadline.put("actionDays", "soon");
        assertThat(writer.post("/advisories", badDeadline).body()).contains("href=\"#actions-0-dueDays\"",
                "Give the deadline as a number of days");

        var created = writer.post("/advisories", fields(organisation));
        assertThat(created.status()).isEqualTo(302);
        var page = created.location();
        assertThat(page).matches("/advisories/[0-9a-f-]{36}");
        var id = page.substring("/advisories/".length());
        var review = writer.get(page);
        assertThat(review.body()).contains("Espionage in the audit room", "DRAFT", "id=\"submit\"", "<strong>lure</strong>")
                .doesNotContain("id=\"approve\"", "<script>alert", "javascript:alert");
        assertThat(writer.post(page + "/submit", Map.of()).status()).isEqualTo(302);
        assertThat(writer.get(page).body()).contains("IN_REVIEW");

        var reviewer = signedIn(approver);
        assertThat(reviewer.get(page).body()).contains("id=\"approve\"");
        assertThat(reviewer.post(page + "/approve", Map.of()).location()).isEqualTo(page);
        reviewer.get(page);
        assertThat(reviewer.post(page + "/publish", Map.of()).location()).isEqualTo(page);
        assertThat(reviewer.get(page).body()).contains("Published to 1 recipients", "PUBLISHED");

        var reader = signedIn(executive);
        assertThat(reader.get("/advisories").body()).contains("Espionage in the audit room", "DELIVERED");
        var copy = reader.get(page);
        assertThat(copy.status()).isEqualTo(200);
        assertThat(copy.body()).contains("TLP:AMBER", "Your firm is a target", "<strong>lure</strong>", "id=\"serial\"",
                "VIEWED", "id=\"acknowledge\"").doesNotContain("<script>alert", "javascript:alert");
        assertThat(reader.post(page + "/acknowledgement", Map.of("comment", "Board told")).location()).isEqualTo(page);
        reader.get(page);
        assertThat(reader.post(page + "/actions/1", Map.of("status", "IN_PROGRESS", "comment", "meeting on Friday"))
                .location()).isEqualTo(page);
        var done = reader.get(page);
        assertThat(done.body()).contains("You acknowledged this advisory", "meeting on Friday")
                .containsPattern("id=\"action-1-status\">IN_PROGRESS<");

        var stranger = signedIn(outsider);
        assertThat(stranger.get(page).status()).isEqualTo(404);
        assertThat(stranger.get("/advisories").body()).doesNotContain("Espionage in the audit room");
        stranger.get("/advisories");
        assertThat(stranger.post(page + "/acknowledgement", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.get(page + "/recipients").status()).isEqualTo(404);

        var dashboard = writer.get(page + "/recipients");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("1 recipients, 1 viewed, 1 acknowledged", "Accountancy", organisation.name(),
                executive.username(), "Board told", "1: IN_PROGRESS");
        assertThat(id).isNotBlank();
    }

    @Test
    void showsAuthorsTheirWayInAndMembersOnlyTheirOwnCopies() {
        var organisation = accounts.organisation("accountancy");
        var member = signedIn(accounts.member(organisation, Role.SECURITY_LEAD));
        var list = member.get("/advisories");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"/advisories\"").doesNotContain("id=\"new-advisory\"", "/advisories/new");
        assertThat(member.get("/advisories/new").status()).isEqualTo(403);
        var auditor = signedIn(accounts.staff(Role.AUDITOR));
        assertThat(auditor.get("/advisories").body()).contains("href=\"/advisories\"").doesNotContain("id=\"new-advisory\"");
    }

    private PortalClient signedIn(Accounts.Account account) {
        var portal = new PortalClient(port);
        assertThat(portal.signIn(account).location()).isEqualTo("/");
        portal.get("/advisories");
        return portal;
    }

    private static Map<String, String> fields(Organisation organisation) {
        var form = new LinkedHashMap<String, String>();
        form.put("title", "Espionage in the audit room");
        form.put("tlp", "TLP:AMBER");
        form.put("severity", "HIGH");
        form.put("confidence", "60");
        form.put("summary", "Your firm is a target of a foreign state that wants to read your clients' deal terms.");
        form.put("body", "They send a **lure** by e-mail.\n\n<script>alert('x')</script>\n\n[click](javascript:alert(1))");
        form.put("annex", "");
        form.put("actionText", "Tell the board");
        form.put("actionOwner", "EXECUTIVE");
        form.put("actionDays", "5");
        form.put("organisations", organisation.id().toString());
        form.put("users", "");
        form.put("roles", "EXECUTIVE");
        return form;
    }
}
