package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.TocsinTest;
import org.tocsin.cli.Tocsin;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Role;

/**
 * {@code tocsin advisory list | show ID | ack ID} against the real server: a recipient lists their
 * copies, reads one (which marks it viewed, as in the portal) and acknowledges it with a comment;
 * anybody else gets exit code 3 and changes nothing.
 */
@TocsinTest
class AdvisoryCommandLineTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Advisories advisories;

    @Autowired
    JdbcClient jdbc;

    record Run(int exit, String out, String err) {}

    @Test
    void listShowsARecipientTheirCopiesWithTheirState() {
        var bank = accounts.organisation("banking");
        var executive = accounts.member(bank, Role.EXECUTIVE);
        var id = published(bank, "Espionage against the City");
        var elsewhere = accounts.organisation("banking");
        accounts.member(elsewhere, Role.EXECUTIVE);
        var other = published(elsewhere, "Somebody else's warning");

        var run = tocsin(executive, "advisory", "list");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^ID\\s+LABEL\\s+SEVERITY\\s+STATE\\s+PUBLISHED\\s+TITLE$")
                .containsPattern("(?m)^" + id + "\\s+TLP:AMBER\\s+HIGH\\s+DELIVERED\\s+\\d{4}-\\d\\d-\\d\\d\\s+Espionage against the City$")
                .doesNotContain(other.toString(), "Somebody else's warning");

        var json = tocsin(executive, "advisory", "list", "--json");
        assertThat(json.exit()).isZero();
        var items = AdvisoryJson.read(json.out()).get("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("id").asString()).isEqualTo(id.toString());

        var nothing = tocsin(accounts.member(accounts.organisation("water"), Role.ANALYST), "advisory", "list");
        assertThat(nothing.exit()).isZero();
        assertThat(nothing.out()).isEqualTo("No advisories." + System.lineSeparator());
    }

    @Test
    void showPrintsTheWholeCopyAndMarksItViewedButNotAcknowledged() {
        var bank = accounts.organisation("banking");
        var executive = accounts.member(bank, Role.EXECUTIVE);
        var id = published(bank, "Espionage against the City");

        var run = tocsin(executive, "advisory", "show", id.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        var serial = state(id, executive)[1];
        assertThat(run.out()).startsWith("TLP:AMBER" + System.lineSeparator())
                .contains("Title:         Espionage against the City", "Severity:      HIGH", "Confidence:    70 of 100",
                        "Your copy:     " + serial + ", VIEWED", "not yet (tocsin advisory ack " + id + ")",
                        "Summary", ownSummary(id, executive), "## What is",
                        "  1. " + AdvisoryJson.ACTION + " (owner EXECUTIVE, due ", "): NOT_STARTED",
                        "  2. Search the proxy logs (owner SECURITY_LEAD, due ", "Technical annex", "update-check.example")
                .endsWith("TLP:AMBER" + System.lineSeparator());
        assertThat(state(id, executive)[0]).isEqualTo("VIEWED");
    }

    @Test
    void ackRecordsTheAcknowledgementWithItsCommentOnce() {
        var bank = accounts.organisation("banking");
        var executive = accounts.member(bank, Role.EXECUTIVE);
        var id = published(bank, "Espionage against the City");

        var run = tocsin(executive, "advisory", "ack", id.toString(), "--comment", "Board briefed on Monday");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("^Acknowledged \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: Espionage against the City "
                + "\\(TLP:AMBER, copy " + state(id, executive)[1] + "\\)");
        assertThat(state(id, executive)).containsExactly("ACKNOWLEDGED", state(id, executive)[1], "Board briefed on Monday");

        var again = tocsin(executive, "advisory", "ack", id.toString(), "--comment", "Changed my mind");
        assertThat(again.exit()).isZero();
        assertThat(state(id, executive)[2]).isEqualTo("Board briefed on Monday");

        var shown = tocsin(executive, "advisory", "show", id.toString());
        assertThat(shown.out()).contains("Your copy:     " + state(id, executive)[1] + ", ACKNOWLEDGED")
                .doesNotContain("not yet");
    }

    @Test
    void anAdvisoryThatIsNotYoursIsRefusedWithExitThreeAndNothingChanges() {
        var bank = accounts.organisation("banking");
        accounts.member(bank, Role.EXECUTIVE);
        var analyst = accounts.member(bank, Role.ANALYST);
        var id = published(bank, "Espionage against the City");
        int audited = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'advisory.acknowledged'").query(Integer.class).single();

        for (var args : List.of(new String[] {"advisory", "show", id.toString()},
                new String[] {"advisory", "ack", id.toString(), "--comment", "not mine"},
                new String[] {"advisory", "show", UUID.randomUUID().toString()})) {
            var run = tocsin(analyst, args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(3);
            assertThat(run.err()).contains("Not found, or not permitted for this account (HTTP 404)");
            assertThat(run.out()).isEmpty();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM recipient WHERE advisory_id = :id AND person_id = :p")
                .param("id", id).param("p", analyst.person().id()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'advisory.acknowledged'").query(Integer.class)
                .single()).isEqualTo(audited);
        assertThat(tocsinWithToken("tcn_" + "x".repeat(43), "advisory", "list").exit()).isEqualTo(3);
    }

    @Test
    void aBadIdOrCommentIsAUsageErrorAndRecordsNothing() {
        var bank = accounts.organisation("banking");
        var executive = accounts.member(bank, Role.EXECUTIVE);
        var id = published(bank, "Espionage against the City");

        var badId = tocsin(executive, "advisory", "ack", "not-an-id");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("not-an-id");

        var tooLong = tocsin(executive, "advisory", "ack", id.toString(), "--comment", "x".repeat(1001));
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).contains("HTTP 400", "1000");
        assertThat(state(id, executive)[0]).isEqualTo("DELIVERED");

        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Tocsin.run(new String[] {"advisory"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        var missing = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("tocsin advisory list, show ID or ack ID");
    }

    @Test
    void theAuthoritysStaffListEveryAdvisoryWithItsStatus() {
        var bank = accounts.organisation("banking");
        accounts.member(bank, Role.EXECUTIVE);
        var id = published(bank, "Espionage against the City");
        var auditor = accounts.staff(Role.AUDITOR);

        var run = tocsin(auditor, "advisory", "list");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).containsPattern("(?m)^" + id + "\\s+TLP:AMBER\\s+HIGH\\s+PUBLISHED\\s+");
        var shown = tocsin(auditor, "advisory", "show", id.toString());
        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("Recipients:    1").doesNotContain("Your copy:");
    }

    /** A TLP:AMBER advisory of HIGH severity to the executives of the organisation, published. */
    private UUID published(Organisation organisation, String title) {
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var draft = new Draft(title, "TLP:AMBER", "HIGH", 70, AdvisoryJson.SUMMARY, AdvisoryJson.BODY,
                "Indicators: `update-check.example`", List.of(new Draft.Action(AdvisoryJson.ACTION, "EXECUTIVE", 7),
                        new Draft.Action("Search the proxy logs", "SECURITY_LEAD", 3)),
                new Draft.Audience(List.of(), List.of(organisation.id().toString()), List.of(), List.of("EXECUTIVE")));
        var id = advisories.create(author.person(), draft).id();
        advisories.submit(author.person(), id);
        advisories.approve(approver.person(), id);
        advisories.publish(approver.person(), id);
        return id;
    }

    /** The recipient's copy: state, serial, acknowledgement comment. */
    private String[] state(UUID id, Accounts.Account account) {
        return jdbc.sql("SELECT state, copy_serial, ack_comment FROM recipient WHERE advisory_id = :id AND person_id = :p")
                .param("id", id).param("p", account.person().id())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).single();
    }

    private Run tocsin(Accounts.Account account, String... args) {
        return tocsinWithToken(account.token(), args);
    }

    /** The reader's own wording of the summary (issue 4: every copy is worded for its reader). */
    private String ownSummary(UUID id, Accounts.Account reader) {
        return AdvisoryJson.read(new org.tocsin.ApiClient(port).get("/api/v1/advisories/" + id, reader.token()).body())
                .get("summary").asString();
    }

    private Run tocsinWithToken(String token, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var all = Stream.concat(Stream.of(args), Stream.of("--url", "http://127.0.0.1:" + port)).toArray(String[]::new);
        int exit = Tocsin.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("TOCSIN_TOKEN", token));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
