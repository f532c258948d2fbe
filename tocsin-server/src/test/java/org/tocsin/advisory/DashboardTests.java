package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Role;

/**
 * The authority's dashboard over real HTTP: the page with its two SVG charts and the tables of the
 * same figures, who is late, and the recipients as CSV from the portal and the API, safe against
 * formula injection and audited. Only the authority's authors, approvers and auditors see any of
 * it; for everybody else it does not exist. Time passes by moving the publication back in the
 * database, as if it had happened four days ago.
 */
@TocsinTest
class DashboardTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Advisories advisories;

    @Autowired
    JdbcClient jdbc;

    record World(UUID id, Organisation bank, Organisation firm, Accounts.Account bankExecutive,
            Accounts.Account bankLead, Accounts.Account firmExecutive, Accounts.Account firmLead,
            Accounts.Account author, Accounts.Account approver) {}

    @Test
    void pageShowsProgressBySectorOrganisationActionAndOverTimeAndWhoIsLate() {
        var w = world();
        var author = signedIn(w.author());

        var page = author.get("/advisories/" + w.id() + "/recipients");

        assertThat(page.status()).isEqualTo(200);
        var body = page.body();
        assertThat(body).contains("4 recipients, 3 viewed, 2 acknowledged, 1 acted on, 3 late",
                "Acknowledgements are late 24 hours after delivery");
        // The two charts: drawn by the server, styled by classes only, each with a table of its figures.
        assertThat(body).contains("id=\"progress-chart\"", "<polyline", "tocsin-chart-series--acted",
                "id=\"sector-chart\"", "aria-labelledby=\"progress-title progress-description\"",
                "Banking and finance: 2 of 2 acknowledged (100 %)");
        assertThat(body).doesNotContain(" style=", "<script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("style-src 'self'").doesNotContain("unsafe-inline"));
        var overTime = section(body, "id=\"over-time\"", "</table>");
        assertThat(overTime).containsPattern("(?s)<tr class=\"govuk-table__row\">\\s*<th scope=\"row\"[^>]*>[^<]+</th>\\s*"
                + "<td[^>]*>0</td>\\s*<td[^>]*>0</td>\\s*<td[^>]*>0</td>");
        assertThat(overTime).containsPattern("(?s)<td[^>]*>3</td>\\s*<td[^>]*>2</td>\\s*<td[^>]*>1</td>\\s*</tr>\\s*</tbody>");
        var bySector = section(body, "id=\"by-sector\"", "</table>");
        assertThat(bySector).containsPattern("(?s)Banking and finance</th>\\s*<td[^>]*>2</td>\\s*<td[^>]*>2 \\(100 %\\)</td>"
                + "\\s*<td[^>]*>2 \\(100 %\\)</td>\\s*<td[^>]*>1 \\(50 %\\)</td>\\s*<td[^>]*>1</td>");
        assertThat(bySector).containsPattern("(?s)Legal</th>\\s*<td[^>]*>2</td>\\s*<td[^>]*>1 \\(50 %\\)</td>"
                + "\\s*<td[^>]*>0 \\(0 %\\)</td>\\s*<td[^>]*>0 \\(0 %\\)</td>\\s*<td[^>]*>2</td>");
        assertThat(section(body, "id=\"by-organisation\"", "</table>")).contains(w.bank().name(), w.firm().name());
        assertThat(section(body, "id=\"by-action\"", "</table>")).containsPattern(
                "(?s)2\\. Search the proxy logs \\(Security lead\\)</th>\\s*<td[^>]*>[^<]+</td>\\s*<td[^>]*>3</td>"
                        + "\\s*<td[^>]*>0</td>\\s*<td[^>]*>0</td>\\s*<td[^>]*>1</td>\\s*<td[^>]*>3</td>");
        var late = section(body, "id=\"late\"", "</table>");
        assertThat(late).contains("3 recipients are late", w.bankLead().username(), w.firmExecutive().username(),
                w.firmLead().username(), "not acknowledged; action 2 past deadline", "action 2 past deadline")
                .doesNotContain(w.bankExecutive().username());
        assertThat(section(body, "id=\"people\"", "</table>")).contains(w.bankExecutive().username(),
                "1: DONE (+1 done); </span><span>2: NOT_APPLICABLE (@SUM(A1))");
    }

    @Test
    void theApiGivesTheSameFiguresWithWhoIsLate() {
        var w = world();

        var reply = api().get("/api/v1/advisories/" + w.id() + "/recipients", w.author().token());

        assertThat(reply.status()).isEqualTo(200);
        var json = AdvisoryJson.read(reply.body());
        assertThat(List.of(json.get("total").asInt(), json.get("viewed").asInt(), json.get("acknowledged").asInt(),
                json.get("actedOn").asInt(), json.get("late").asInt())).containsExactly(4, 3, 2, 1, 3);
        var late = new java.util.HashMap<String, Boolean>();
        json.get("items").forEach(item -> late.put(item.get("username").asString(), item.get("late").asBoolean()));
        assertThat(late).containsEntry(w.bankExecutive().username(), false).containsEntry(w.bankLead().username(), true)
                .containsEntry(w.firmExecutive().username(), true).containsEntry(w.firmLead().username(), true);
    }

    @Test
    void csvFromTheApiHasOneSafeLinePerRecipientAndIsAudited() {
        var w = world();
        var auditor = accounts.staff(Role.AUDITOR);

        var reply = api().get("/api/v1/advisories/" + w.id() + "/recipients.csv", auditor.token());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(reply.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"advisory-" + w.id() + "-recipients.csv\"");
        var lines = reply.body().split("\r\n", -1);
        assertThat(lines).hasSize(6);
        assertThat(lines[5]).isEmpty();
        assertThat(lines[0]).startsWith("\"username\",\"organisation\",\"sectors\",\"copy_serial\",\"state\"")
                .endsWith("\"action_2_status\",\"action_2_comment\",\"action_2_updated_at\",\"action_2_due\"");
        var people = List.of(w.bankExecutive(), w.bankLead(), w.firmExecutive(), w.firmLead()).stream()
                .map(Accounts.Account::username).sorted().toList();
        for (int i = 0; i < 4; i++) {
            assertThat(lines[i + 1]).startsWith("\"" + people.get(i) + "\",");
        }
        var executive = List.of(lines).stream().filter(l -> l.startsWith("\"" + w.bankExecutive().username())).findFirst()
                .orElseThrow();
        assertThat(executive).contains("\"ACKNOWLEDGED\"", "\"banking\"",
                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", "\"'+1 done\"", "\"'@SUM(A1)\"", "\"DONE\"",
                "\"NOT_APPLICABLE\"");
        var lead = List.of(lines).stream().filter(l -> l.startsWith("\"" + w.bankLead().username())).findFirst().orElseThrow();
        assertThat(lead).contains("\"'-2+3\"", "\"'=cmd|' /C calc'!A0\"", "\"action 2 past deadline\"");
        // No cell anywhere starts with a character a spreadsheet would take for a formula.
        assertThat(reply.body()).doesNotContainPattern("(^|,|\r\n)\"[=+\\-@\t\r]");
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_entry WHERE actor = :actor AND action = 'advisory.recipients-exported'
                AND target = :target AND outcome = 'SUCCESS'""")
                .param("actor", auditor.username()).param("target", "advisory:" + w.id()).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void portalDownloadGivesTheSameCsvToTheAuthority() {
        var w = world();
        var approver = signedIn(w.approver());

        var page = approver.get("/advisories/" + w.id() + "/recipients");
        assertThat(page.body()).contains("id=\"download-csv\"", "href=\"/advisories/" + w.id() + "/recipients.csv\"");
        var csv = approver.get("/advisories/" + w.id() + "/recipients.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(csv.body().split("\r\n")).hasSize(5);
        assertThat(csv.body()).contains(w.firmLead().username(), "\"not acknowledged; action 2 past deadline\"");
    }

    @Test
    void nobodyButTheAuthoritysStaffFindsTheDashboardOrItsCsv() {
        var w = world();
        var outsider = accounts.member(w.bank(), Role.ANALYST);
        var admin = accounts.staff(Role.ADMIN);
        for (var account : List.of(w.bankExecutive(), outsider, admin)) {
            var portal = signedIn(account);
            assertThat(portal.get("/advisories/" + w.id() + "/recipients").status()).as(account.username()).isEqualTo(404);
            assertThat(portal.get("/advisories/" + w.id() + "/recipients.csv").status()).as(account.username()).isEqualTo(404);
            var api = api().get("/api/v1/advisories/" + w.id() + "/recipients.csv", account.token());
            assertThat(api.status()).isEqualTo(404);
            assertThat(api.body()).doesNotContain(w.bankExecutive().username(), "username");
        }
        var anonymous = new PortalClient(port);
        assertThat(anonymous.get("/advisories/" + w.id() + "/recipients.csv").status()).isEqualTo(302);
        assertThat(api().get("/api/v1/advisories/" + w.id() + "/recipients.csv", null).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'advisory.recipients-exported' AND target = :t")
                .param("t", "advisory:" + w.id()).query(Integer.class).single()).isZero();
    }

    @Test
    void anAdvisoryNotYetPublishedHasNoRecipientsAndOneThatDoesNotExistIsNotFound() {
        var bank = accounts.organisation("banking");
        accounts.member(bank, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var draft = advisories.create(author.person(), draft(bank, bank));

        var portal = signedIn(author);
        assertThat(portal.get("/advisories/" + draft.id() + "/recipients").body())
                .contains("This advisory has not been published.").doesNotContain("id=\"progress-chart\"");
        var csv = api().get("/api/v1/advisories/" + draft.id() + "/recipients.csv", author.token());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(1);
        assertThat(api().get("/api/v1/advisories/" + UUID.randomUUID() + "/recipients.csv", author.token()).status())
                .isEqualTo(404);
        assertThat(portal.get("/advisories/" + UUID.randomUUID() + "/recipients").status()).isEqualTo(404);
    }

    /**
     * An advisory of HIGH severity with two actions (due in 7 and 3 days) to the executives and
     * security leads of a bank and a firm, published four days ago: the bank's executive has read,
     * acknowledged and resolved both actions; its security lead has acknowledged and started the
     * first; the firm's executive has only read it; its security lead has done nothing.
     */
    private World world() {
        var bank = accounts.organisation("banking");
        var firm = accounts.organisation("accountancy", "legal");
        var bankExecutive = accounts.member(bank, Role.EXECUTIVE);
        var bankLead = accounts.member(bank, Role.SECURITY_LEAD);
        var firmExecutive = accounts.member(firm, Role.EXECUTIVE);
        var firmLead = accounts.member(firm, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = advisories.create(author.person(), draft(bank, firm)).id();
        advisories.submit(author.person(), id);
        advisories.approve(approver.person(), id);
        advisories.publish(approver.person(), id);
        var fourDaysAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(4);
        jdbc.sql("UPDATE advisory_version SET published_at = :t WHERE advisory_id = :id").param("t", fourDaysAgo)
                .param("id", id).update();
        jdbc.sql("UPDATE recipient SET delivered_at = :t WHERE advisory_id = :id").param("t", fourDaysAgo)
                .param("id", id).update();

        advisories.read(bankExecutive.person(), id);
        advisories.acknowledge(bankExecutive.person(), id, "=HYPERLINK(\"http://evil.example\",\"x\")");
        advisories.report(bankExecutive.person(), id, 1, "DONE", "+1 done");
        advisories.report(bankExecutive.person(), id, 2, "NOT_APPLICABLE", "@SUM(A1)");
        advisories.read(bankLead.person(), id);
        advisories.acknowledge(bankLead.person(), id, "-2+3");
        advisories.report(bankLead.person(), id, 1, "IN_PROGRESS", "=cmd|' /C calc'!A0");
        advisories.read(firmExecutive.person(), id);
        return new World(id, bank, firm, bankExecutive, bankLead, firmExecutive, firmLead, author, approver);
    }

    private static Draft draft(Organisation... organisations) {
        return new Draft("Espionage against professional services", "TLP:AMBER", "HIGH", 70, AdvisoryJson.SUMMARY,
                AdvisoryJson.BODY, "", List.of(new Draft.Action("Brief the board", "EXECUTIVE", 7),
                        new Draft.Action("Search the proxy logs", "SECURITY_LEAD", 3)),
                new Draft.Audience(List.of(), List.of(organisations).stream().map(o -> o.id().toString()).distinct().toList(),
                        List.of(), List.of("EXECUTIVE", "SECURITY_LEAD")));
    }

    private static String section(String body, String start, String end) {
        int from = body.indexOf(start);
        assertThat(from).as("the page has %s", start).isNotNegative();
        return body.substring(from, body.indexOf(end, from));
    }

    private PortalClient signedIn(Accounts.Account account) {
        var portal = new PortalClient(port);
        assertThat(portal.signIn(account).location()).isEqualTo("/");
        return portal;
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
