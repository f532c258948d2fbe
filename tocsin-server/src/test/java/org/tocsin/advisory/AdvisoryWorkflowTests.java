package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.Mails;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import tools.jackson.databind.JsonNode;

/**
 * An advisory's whole life over the real API, with notifications travelling through a real SMTP
 * server (GreenMail): the workflow and its four-eyes rule, TLP:RED's audience rule, the summary's
 * indicator check, the audience frozen at publication, acknowledgement and action status,
 * revision and withdrawal.
 */
@TocsinTest
@DirtiesContext
class AdvisoryWorkflowTests {

    private static final String BASE_URL = "https://tocsin.test";
    private static final GreenMail SMTP = startSmtp();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("tocsin.mail.send-interval", () -> "200ms");
        registry.add("tocsin.membership.base-url", () -> BASE_URL);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    JdbcClient jdbc;

    @Test
    void walksFromDraftToPublishedAndTellsEachRecipientOnceWithoutItsContent() throws Exception {
        var a = accounts.organisation("insurance");
        var b = accounts.organisation("insurance");
        var executiveA = accounts.member(a, Role.EXECUTIVE);
        var leadA = accounts.member(a, Role.SECURITY_LEAD);
        var analystA = accounts.member(a, Role.ANALYST);
        var executiveB = accounts.member(b, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);

        var created = api().post("/api/v1/advisories", author.token(), json(draft("TLP:AMBER",
                audience(List.of(), List.of(a.id(), b.id()), List.of(), List.of("EXECUTIVE", "SECURITY_LEAD")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var advisory = read(created.body());
        assertThat(advisory.get("status").asString()).isEqualTo("DRAFT");
        assertThat(advisory.get("tlp").asString()).isEqualTo("TLP:AMBER");
        var id = advisory.get("id").asString();

        assertThat(status(api().post("/api/v1/advisories/" + id + "/submit", author.token(), null))).isEqualTo("IN_REVIEW");
        assertThat(status(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null))).isEqualTo("APPROVED");
        var published = api().post("/api/v1/advisories/" + id + "/publish", approver.token(), null);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(read(published.body()).get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(read(published.body()).get("recipients").asInt()).isEqualTo(3);

        for (var recipient : List.of(executiveA, leadA, executiveB)) {
            var mails = mailsTo(recipient.username(), 1);
            assertThat(mails).as(recipient.username()).hasSize(1);
            var mail = mails.get(0);
            var text = Mails.text(mail);
            assertThat(mail.getSubject()).isEqualTo("Tocsin: a new advisory for you [TLP:AMBER]");
            assertThat(text).startsWith("TLP:AMBER").contains(BASE_URL + "/advisories/" + id);
            assertThat(text + mail.getSubject()).doesNotContain(AdvisoryJson.TITLE, "negotiating", "foreign state",
                    "careful", "lure", AdvisoryJson.ACTION, "update-check");
        }
        Thread.sleep(1_000); // a good many more runs of the sender
        for (var recipient : List.of(executiveA, leadA, executiveB)) {
            assertThat(mailsTo(recipient.username(), 0)).as("exactly one mail to " + recipient.username()).hasSize(1);
        }
        assertThat(mailsTo(analystA.username(), 0)).isEmpty();
        assertThat(jdbc.sql("SELECT idempotency_key FROM mail_outbox WHERE idempotency_key LIKE :prefix")
                .param("prefix", "advisory:" + id + ":%").query(String.class).list())
                .containsExactlyInAnyOrder("advisory:" + id + ":v1:" + executiveA.person().id(),
                        "advisory:" + id + ":v1:" + leadA.person().id(), "advisory:" + id + ":v1:" + executiveB.person().id());
        assertThat(api().get("/api/v1/advisories/" + id, analystA.token()).status()).isEqualTo(404);
        var copy = read(api().get("/api/v1/advisories/" + id, executiveA.token()).body());
        assertThat(copy.get("title").asString()).isEqualTo(AdvisoryJson.TITLE);
        assertThat(copy.get("copy").get("serial").asString()).matches("[2-9A-Z]{5}-[2-9A-Z]{5}");
        assertThat(copy.has("audience")).as("a copy says nothing of the other recipients").isFalse();
    }

    @Test
    void refusesTheApprovalOfAnyoneWhoWroteTheAdvisory() {
        var organisation = accounts.organisation("insurance");
        accounts.member(organisation, Role.EXECUTIVE);
        var authorApprover = accounts.staff(Role.AUTHOR, Role.APPROVER);
        var editorApprover = accounts.staff(Role.AUTHOR, Role.APPROVER);
        var approver = accounts.staff(Role.APPROVER);
        var body = draft("TLP:GREEN", audience(List.of(), List.of(organisation.id()), List.of(), List.of()));
        var id = create(authorApprover, body);
        body.put("title", "Espionage against professional services, revised");
        assertThat(api().call("PUT", "/api/v1/advisories/" + id, editorApprover.token(), json(body)).status()).isEqualTo(200);
        submit(authorApprover, id);

        for (var writer : List.of(authorApprover, editorApprover)) {
            var refused = api().post("/api/v1/advisories/" + id + "/approve", writer.token(), null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("approved by somebody who did not write it");
        }
        assertThat(status(api().get("/api/v1/advisories/" + id, approver.token()))).isEqualTo("IN_REVIEW");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'access.denied' AND target = :target")
                .param("target", "POST /api/v1/advisories/" + id + "/approve").query(Integer.class).single()).isEqualTo(2);
        assertThat(status(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null))).isEqualTo("APPROVED");
    }

    @Test
    void refusesEverySkippedStepNamingTheCurrentStatus() {
        var organisation = accounts.organisation("insurance");
        accounts.member(organisation, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = create(author, draft("TLP:CLEAR", audience(List.of(), List.of(organisation.id()), List.of(), List.of())));

        expectConflict(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null), "DRAFT");
        expectConflict(api().post("/api/v1/advisories/" + id + "/publish", author.token(), null), "DRAFT");
        expectConflict(api().post("/api/v1/advisories/" + id + "/withdraw", author.token(), null), "DRAFT");
        submit(author, id);
        expectConflict(api().post("/api/v1/advisories/" + id + "/submit", author.token(), null), "IN_REVIEW");
        expectConflict(api().post("/api/v1/advisories/" + id + "/publish", approver.token(), null), "IN_REVIEW");
        approve(approver, id);
        expectConflict(api().post("/api/v1/advisories/" + id + "/submit", author.token(), null), "APPROVED");
        expectConflict(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null), "APPROVED");
        publish(author, id);
        expectConflict(api().post("/api/v1/advisories/" + id + "/publish", author.token(), null), "PUBLISHED");
        expectConflict(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null), "PUBLISHED");
        assertThat(status(api().post("/api/v1/advisories/" + id + "/withdraw", approver.token(), null))).isEqualTo("WITHDRAWN");
        expectConflict(api().post("/api/v1/advisories/" + id + "/withdraw", author.token(), null), "WITHDRAWN");
        expectConflict(api().call("PUT", "/api/v1/advisories/" + id, author.token(),
                json(draft("TLP:CLEAR", audience(List.of(), List.of(organisation.id()), List.of(), List.of())))), "WITHDRAWN");
    }

    @Test
    void sendsTlpRedOnlyToNamedPeople() throws Exception {
        var organisation = accounts.organisation("insurance");
        var named = accounts.member(organisation, Role.EXECUTIVE);
        var colleague = accounts.member(organisation, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        long before = advisories();

        for (var audience : List.of(audience(List.of("insurance"), List.of(), List.of(named.username()), List.of()),
                audience(List.of(), List.of(organisation.id()), List.of(), List.of()))) {
            var refused = api().post("/api/v1/advisories", author.token(), json(draft("TLP:RED", audience)));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("\"field\":\"audience\"", "TLP:RED goes to named people only");
        }
        assertThat(advisories()).isEqualTo(before);

        var id = create(author, draft("TLP:RED", audience(List.of(), List.of(), List.of(named.username()), List.of())));
        var widened = draft("TLP:RED", audience(List.of("insurance"), List.of(), List.of(named.username()), List.of()));
        assertThat(api().call("PUT", "/api/v1/advisories/" + id, author.token(), json(widened)).status()).isEqualTo(400);
        submit(author, id);
        approve(approver, id);
        assertThat(read(publish(author, id).body()).get("recipients").asInt()).isEqualTo(1);

        assertThat(api().get("/api/v1/advisories/" + id, named.token()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/advisories/" + id, colleague.token()).status()).isEqualTo(404);
        var mail = mailsTo(named.username(), 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Tocsin: a new advisory for you [TLP:RED]");
        assertThat(Mails.text(mail)).doesNotContain(AdvisoryJson.TITLE, "negotiating", "careful");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'advisory.read' AND actor = :actor")
                .param("actor", named.username()).query(Integer.class).single()).as("a read of RED is audited").isEqualTo(1);
    }

    @Test
    void refusesASummaryWithIndicatorsNamingTheIndicatorAndWhereItIs() {
        var organisation = accounts.organisation("insurance");
        var author = accounts.staff(Role.AUTHOR);
        long before = advisories();
        var cases = Map.of(
                "Attackers use the site evil.example to steal files", "found the domain 'evil.example' at word 5",
                "Traffic to 203.0.113.7 is hostile", "found the IPv4 address '203.0.113.7' at word 3",
                "Block https://evil.example/login now", "found the URL 'https://evil.example/login' at word 2",
                "Mail from boss@evil.example is fake", "found the e-mail address 'boss@evil.example' at word 3",
                "The file d41d8cd98f00b204e9800998ecf8427e is bad", "found the MD5 hash 'd41d8cd98f00b204e9800998ecf8427e' at word 3",
                "Watch for 2001:db8::1 too", "found the IPv6 address '2001:db8::1' at word 3");
        for (var entry : cases.entrySet()) {
            var body = draft("TLP:AMBER", audience(List.of(), List.of(organisation.id()), List.of(), List.of()));
            body.put("summary", entry.getKey());
            var refused = api().post("/api/v1/advisories", author.token(), json(body));
            assertThat(refused.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(refused.body()).as(entry.getKey()).contains("\"field\":\"summary\"",
                    "The summary must not contain indicators: " + entry.getValue());
        }
        var tooLong = draft("TLP:AMBER", audience(List.of(), List.of(organisation.id()), List.of(), List.of()));
        tooLong.put("summary", "word ".repeat(151));
        assertThat(api().post("/api/v1/advisories", author.token(), json(tooLong)).body())
                .contains("\"field\":\"summary\"", "Keep the summary to 150 words; it has 151");
        assertThat(advisories()).isEqualTo(before);
    }

    @Test
    void reachesSectorsNarrowedByRolesAndFreezesTheListAtPublication() {
        var defence = accounts.organisation("defence");
        var executive = accounts.member(defence, Role.EXECUTIVE);
        var lead = accounts.member(defence, Role.SECURITY_LEAD, Role.ORG_ADMIN);
        var analyst = accounts.member(defence, Role.ANALYST);
        var suspendedOrganisation = accounts.organisation("defence");
        var inSuspended = accounts.member(suspendedOrganisation, Role.EXECUTIVE);
        var suspendedPerson = accounts.member(accounts.organisation("defence"), Role.EXECUTIVE);
        var elsewhere = accounts.organisation("energy");
        var named = accounts.member(elsewhere, Role.EXECUTIVE);
        var namedAnalyst = accounts.member(elsewhere, Role.ANALYST);
        var bystander = accounts.member(elsewhere, Role.EXECUTIVE);
        var water = accounts.organisation("water");
        var waterExecutive = accounts.member(water, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = create(author, draft("TLP:AMBER", audience(List.of("defence"), List.of(water.id()),
                List.of(named.username(), namedAnalyst.username()), List.of("EXECUTIVE", "SECURITY_LEAD"))));
        submit(author, id);
        approve(approver, id);
        membership.suspend(suspendedOrganisation.id(), "test");
        membership.suspendPerson(suspendedPerson.person().id(), "test");

        publish(approver, id);
        var latecomer = accounts.member(defence, Role.EXECUTIVE);

        var recipients = read(api().get("/api/v1/advisories/" + id + "/recipients", approver.token()).body());
        var usernames = new TreeSet<String>();
        recipients.get("items").forEach(item -> usernames.add(item.get("username").asString()));
        assertThat(usernames).containsExactlyInAnyOrder(executive.username(), lead.username(), named.username(),
                waterExecutive.username());
        assertThat(recipients.get("total").asInt()).isEqualTo(4);
        for (var outsider : List.of(analyst, namedAnalyst, bystander, latecomer)) {
            assertThat(api().get("/api/v1/advisories/" + id, outsider.token()).status()).as(outsider.username()).isEqualTo(404);
        }
        // Reinstated later, they were not on the list when it was frozen.
        membership.reinstate(suspendedOrganisation.id());
        assertThat(api().get("/api/v1/advisories/" + id, inSuspended.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/advisories/" + id, executive.token()).status()).isEqualTo(200);
    }

    @Test
    void recordsAcknowledgementAndActionStatusAndShowsThemToTheAuthority() {
        var organisation = accounts.organisation("health");
        var executive = accounts.member(organisation, Role.EXECUTIVE);
        var lead = accounts.member(organisation, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var auditor = accounts.staff(Role.AUDITOR);
        var id = publishedTo(author, approver, "TLP:AMBER+STRICT",
                audience(List.of(), List.of(organisation.id()), List.of(), List.of()));

        var opened = read(api().get("/api/v1/advisories/" + id, executive.token()).body());
        assertThat(opened.get("copy").get("state").asString()).isEqualTo("VIEWED");
        var early = api().call("PUT", "/api/v1/advisories/" + id + "/actions/1", executive.token(),
                "{\"status\":\"DONE\",\"comment\":\"board briefed\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("Acknowledge the advisory before reporting on its actions", "VIEWED");

        var acknowledged = api().post("/api/v1/advisories/" + id + "/acknowledgement", executive.token(),
                "{\"comment\":\"Read by the CEO\"}");
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(read(acknowledged.body()).get("copy").get("state").asString()).isEqualTo("ACKNOWLEDGED");
        var reported = api().call("PUT", "/api/v1/advisories/" + id + "/actions/1", executive.token(),
                "{\"status\":\"DONE\",\"comment\":\"board briefed\"}");
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(read(reported.body()).get("actions").get(0).get("status").asString()).isEqualTo("DONE");
        assertThat(read(reported.body()).get("actions").get(1).get("status").asString()).isEqualTo("NOT_STARTED");

        var recipients = read(api().get("/api/v1/advisories/" + id + "/recipients", auditor.token()).body());
        assertThat(recipients.get("total").asInt()).isEqualTo(2);
        assertThat(recipients.get("viewed").asInt()).isEqualTo(1);
        assertThat(recipients.get("acknowledged").asInt()).isEqualTo(1);
        JsonNode ceo = null;
        for (var item : recipients.get("items")) {
            if (item.get("username").asString().equals(executive.username())) {
                ceo = item;
            } else {
                assertThat(item.get("username").asString()).isEqualTo(lead.username());
                assertThat(item.get("state").asString()).isEqualTo("DELIVERED");
            }
        }
        assertThat(ceo).isNotNull();
        assertThat(ceo.get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(ceo.get("comment").asString()).isEqualTo("Read by the CEO");
        assertThat(ceo.get("organisation").asString()).isEqualTo(organisation.name());
        assertThat(ceo.get("actions").get(0).get("status").asString()).isEqualTo("DONE");
        assertThat(ceo.get("actions").get(0).get("comment").asString()).isEqualTo("board briefed");
        assertThat(recipients.get("bySector").get(0).get("key").asString()).isEqualTo("health");
        assertThat(recipients.get("bySector").get(0).get("acknowledged").asInt()).isEqualTo(1);
        assertThat(recipients.get("byOrganisation").get(0).get("total").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'advisory.read' AND actor = :actor AND detail LIKE :detail")
                .param("actor", executive.username()).param("detail", "%TLP:AMBER+STRICT%").query(Integer.class).single())
                .as("a read of AMBER+STRICT is audited").isEqualTo(1);
    }

    @Test
    void withdrawalHidesTheAdvisoryFromItsReadersAndTellsThem() throws Exception {
        var organisation = accounts.organisation("transport");
        var executive = accounts.member(organisation, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = publishedTo(author, approver, "TLP:GREEN", audience(List.of(), List.of(organisation.id()), List.of(), List.of()));
        assertThat(api().get("/api/v1/advisories/" + id, executive.token()).status()).isEqualTo(200);

        var withdrawn = api().post("/api/v1/advisories/" + id + "/withdraw", author.token(), "{\"reason\":\"superseded\"}");
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(read(withdrawn.body()).get("status").asString()).isEqualTo("WITHDRAWN");

        assertThat(api().get("/api/v1/advisories/" + id, executive.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/advisories/" + id + "/acknowledgement", executive.token(), "{}").status()).isEqualTo(404);
        assertThat(api().call("PUT", "/api/v1/advisories/" + id + "/actions/1", executive.token(),
                "{\"status\":\"DONE\"}").status()).isEqualTo(404);
        assertThat(api().get("/api/v1/advisories", executive.token()).body()).doesNotContain(id);
        assertThat(status(api().get("/api/v1/advisories/" + id, approver.token()))).isEqualTo("WITHDRAWN");
        var mails = mailsTo(executive.username(), 2);
        assertThat(mails).hasSize(2);
        var notice = mails.stream().filter(m -> subject(m).contains("withdrawn")).findFirst().orElseThrow();
        assertThat(notice.getSubject()).isEqualTo("Tocsin: an advisory has been withdrawn [TLP:GREEN]");
        assertThat(Mails.text(notice)).startsWith("TLP:GREEN").contains(id)
                .doesNotContain(AdvisoryJson.TITLE, "negotiating", "superseded");
    }

    @Test
    void revisesAsANewVersionWhileReadersKeepThePublishedOne() throws Exception {
        var organisation = accounts.organisation("telecoms");
        var executive = accounts.member(organisation, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var audience = audience(List.of(), List.of(organisation.id()), List.of(), List.of());
        var id = publishedTo(author, approver, "TLP:AMBER", audience);
        var never = create(author, draft("TLP:AMBER", audience));

        var revised = draft("TLP:AMBER", audience);
        revised.put("title", "Espionage against professional services: second wave");
        revised.put("severity", "CRITICAL");
        var edited = api().call("PUT", "/api/v1/advisories/" + id, author.token(), json(revised));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        var version2 = read(edited.body());
        assertThat(version2.get("version").asInt()).isEqualTo(2);
        assertThat(version2.get("status").asString()).isEqualTo("DRAFT");
        assertThat(version2.get("publishedVersion").asInt()).isEqualTo(1);
        assertThat(version2.get("changes").toString()).isEqualTo("[\"title\",\"severity\"]");

        var stillFirst = read(api().get("/api/v1/advisories/" + id, executive.token()).body());
        assertThat(stillFirst.get("version").asInt()).isEqualTo(1);
        assertThat(stillFirst.get("title").asString()).isEqualTo(AdvisoryJson.TITLE);
        assertThat(api().get("/api/v1/advisories/" + never, executive.token()).status()).as("a draft").isEqualTo(404);
        assertThat(api().get("/api/v1/advisories", executive.token()).body()).doesNotContain("second wave", never);

        submit(author, id);
        approve(approver, id);
        publish(approver, id);
        var second = read(api().get("/api/v1/advisories/" + id, executive.token()).body());
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("title").asString()).endsWith("second wave");
        assertThat(second.get("changes").toString()).isEqualTo("[\"title\",\"severity\"]");
        var update = mailsTo(executive.username(), 2).stream().filter(m -> subject(m).contains("updated")).findFirst().orElseThrow();
        assertThat(update.getSubject()).isEqualTo("Tocsin: an updated advisory for you [TLP:AMBER]");
        assertThat(Mails.text(update)).doesNotContain("second wave");
    }

    // ----- helpers -----

    private String publishedTo(Accounts.Account author, Accounts.Account approver, String tlp, Map<String, Object> audience) {
        var id = create(author, draft(tlp, audience));
        submit(author, id);
        approve(approver, id);
        publish(author, id);
        return id;
    }

    private String create(Accounts.Account author, Map<String, Object> body) {
        var reply = api().post("/api/v1/advisories", author.token(), json(body));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return read(reply.body()).get("id").asString();
    }

    private void submit(Accounts.Account author, String id) {
        assertThat(status(api().post("/api/v1/advisories/" + id + "/submit", author.token(), null))).isEqualTo("IN_REVIEW");
    }

    private void approve(Accounts.Account approver, String id) {
        assertThat(status(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null))).isEqualTo("APPROVED");
    }

    private ApiClient.Reply publish(Accounts.Account publisher, String id) {
        var reply = api().post("/api/v1/advisories/" + id + "/publish", publisher.token(), null);
        assertThat(status(reply)).isEqualTo("PUBLISHED");
        return reply;
    }

    private static String status(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return read(reply.body()).get("status").asString();
    }

    private static void expectConflict(ApiClient.Reply reply, String status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reply.body()).contains("its status is " + status);
    }

    private long advisories() {
        return jdbc.sql("SELECT COUNT(*) FROM advisory").query(Long.class).single();
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The messages GreenMail received for exactly this address, waiting up to 15 s for {@code expected}
     * of them; with {@code expected} 0, what has arrived after a second.
     */
    private static List<MimeMessage> mailsTo(String address, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 15).toNanos();
        while (true) {
            var found = new ArrayList<MimeMessage>();
            for (var message : SMTP.getReceivedMessages()) {
                if (recipients(message).contains(address)) {
                    found.add(message);
                }
            }
            if ((expected > 0 && found.size() >= expected) || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(100);
        }
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        var all = message.getAllRecipients();
        return all == null ? List.of() : Arrays.stream(all).map(Address::toString).toList();
    }

    private static GreenMail startSmtp() {
        var smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return smtp;
    }
}
