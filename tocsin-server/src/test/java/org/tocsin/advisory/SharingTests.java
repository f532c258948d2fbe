package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import org.tocsin.PortalClient;
import org.tocsin.Mails;
import org.tocsin.TocsinTest;
import org.tocsin.identity.ApiTokens;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;

import tools.jackson.databind.JsonNode;

/**
 * Sharing on and delegation over the real API and portal, with notifications through GreenMail:
 * what each label lets a recipient pass on and to whom, the colleague's own copy and its one
 * notification, the dashboard's record of who passed what to whom, withdrawal, new versions, and
 * an executive's delegate acknowledging and reporting on their behalf. Every refusal is checked to
 * have written nothing.
 */
@TocsinTest
@DirtiesContext
class SharingTests {

    private static final String BASE_URL = "https://tocsin.test";
    private static final Mailbox MAIL = new Mailbox();
    private static final String SHARED = "an advisory has been shared with you";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", MAIL::port);
        registry.add("tocsin.mail.send-interval", () -> "200ms");
        registry.add("tocsin.membership.base-url", () -> BASE_URL);
    }

    @AfterAll
    static void stopSmtp() {
        MAIL.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Test
    void sharesAmberInsideTheOrganisationOnlyAndTellsTheColleagueOnce() throws Exception {
        var a = accounts.organisation("insurance");
        var b = accounts.organisation("insurance");
        var executiveA = accounts.member(a, Role.EXECUTIVE);
        var analystA = accounts.member(a, Role.ANALYST);
        var adminA = accounts.member(a, Role.ORG_ADMIN);
        var executiveB = accounts.member(b, Role.EXECUTIVE);
        var leadB = accounts.member(b, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = Mailbox.publish(api(), author, approver, draft("TLP:AMBER",
                audience(List.of(), List.of(a.id(), b.id()), List.of(), List.of("EXECUTIVE"))));
        var shares = "/api/v1/advisories/" + id + "/shares";

        var shared = api().post(shares, executiveA.token(), share(analystA.username()));
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        // On record from the moment it is shared, as a child of the sharer's fingerprinted copy (issue 4).
        assertThat(jdbc.sql("""
                SELECT parent.person_id FROM leak_copy child JOIN leak_copy parent ON parent.id = child.parent_id
                WHERE child.advisory_id = :id AND child.person_id = :person""")
                .param("id", java.util.UUID.fromString(id)).param("person", analystA.person().id())
                .query(java.util.UUID.class).optional()).contains(executiveA.person().id());
        assertThat(read(shared.body()).get("username").asString()).isEqualTo(analystA.username());
        var mails = MAIL.to(analystA.username(), SHARED, 1);
        assertThat(mails).hasSize(1);
        var text = Mails.text(mails.get(0));
        assertThat(mails.get(0).getSubject()).isEqualTo("Tocsin: an advisory has been shared with you [TLP:AMBER]");
        assertThat(text).startsWith("TLP:AMBER").contains(BASE_URL + "/advisories/" + id)
                .doesNotContain(AdvisoryJson.TITLE, "negotiating", "lure", AdvisoryJson.ACTION);
        var copy = read(api().get("/api/v1/advisories/" + id, analystA.token()).body());
        var original = read(api().get("/api/v1/advisories/" + id, executiveA.token()).body());
        assertThat(copy.get("title").asString()).isEqualTo(AdvisoryJson.TITLE);
        assertThat(copy.get("copy").get("serial").asString()).matches("[2-9A-Z]{5}-[2-9A-Z]{5}")
                .isNotEqualTo(original.get("copy").get("serial").asString());

        int before = recipients(id);
        var outside = api().post(shares, executiveA.token(), share(leadB.username()));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body()).contains("TLP:AMBER may be shared only inside your own organisation",
                leadB.username(), "\"field\":\"username\"");
        var nobody = api().post(shares, executiveA.token(), share("nobody@nowhere.example"));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.body()).as("the same words whether or not the person exists")
                .contains("TLP:AMBER may be shared only inside your own organisation");
        assertThat(api().post(shares, executiveA.token(), share(analystA.username())).status()).isEqualTo(409);
        assertThat(api().post(shares, executiveA.token(), share(executiveA.username())).body())
                .contains("You have this advisory already");
        assertThat(api().post(shares, executiveA.token(), share(author.username())).status())
                .as("the authority's staff are not members to share with").isEqualTo(400);
        for (var body : List.of("{}", "{\"username\":\"  \"}", "{\"username\":\"" + "x".repeat(300) + "\"}",
                "{\"username\":\"a\\u0000b@example.org\"}")) {
            var bad = api().post(shares, executiveA.token(), body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.body()).as(body).contains("\"field\":\"username\"");
        }
        assertThat(api().post(shares, executiveA.token(), "{\"username\":\"x\",\"role\":\"ADMIN\"}").status())
                .as("unknown properties refused").isEqualTo(400);

        assertThat(api().post(shares, leadB.token(), share(analystA.username())).status())
                .as("not a recipient").isEqualTo(404);
        assertThat(api().post(shares, author.token(), share(analystA.username())).status())
                .as("the authority holds no copy").isEqualTo(404);
        assertThat(api().get(shares, leadB.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/advisories/00000000-0000-0000-0000-000000000001/shares", executiveA.token(),
                share(analystA.username())).status()).isEqualTo(404);
        var readOnly = tokens.create(executiveA.person(), "read only", Duration.ofDays(1), true).secret();
        assertThat(api().post(shares, readOnly, share(adminA.username())).status()).isEqualTo(403);
        assertThat(api().post(shares, null, share(adminA.username())).status()).isEqualTo(401);
        assertThat(recipients(id)).as("refusals wrote nothing").isEqualTo(before);

        var onward = api().post(shares, analystA.token(), share(adminA.username()));
        assertThat(onward.status()).as("a shared copy may be shared on within the label").isEqualTo(201);
        var passing = read(api().get(shares, analystA.token()).body());
        assertThat(passing.get("sharedWith").get(0).asString()).isEqualTo(adminA.username());

        var dashboard = read(api().get("/api/v1/advisories/" + id + "/recipients", author.token()).body());
        assertThat(dashboard.get("total").asInt()).isEqualTo(4);
        assertThat(item(dashboard, analystA.username()).get("sharedBy").asString()).isEqualTo(executiveA.username());
        assertThat(item(dashboard, analystA.username()).get("sharedAt").isNull()).isFalse();
        assertThat(item(dashboard, adminA.username()).get("sharedBy").asString()).isEqualTo(analystA.username());
        assertThat(item(dashboard, executiveB.username()).get("sharedBy").isNull()).isTrue();
        Thread.sleep(600);
        assertThat(MAIL.to(analystA.username(), SHARED, 0)).as("told once").hasSize(1);

        assertThat(api().post("/api/v1/advisories/" + id + "/withdraw", author.token(), null).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/advisories/" + id, analystA.token()).status()).isEqualTo(404);
        assertThat(api().post(shares, analystA.token(), share(executiveA.username())).status()).isEqualTo(404);
        assertThat(MAIL.to(analystA.username(), "has been withdrawn", 1)).as("shared copies are told too").hasSize(1);
    }

    @Test
    void greenGoesToApprovedMembersClearToAnyMemberAndRedToNobody() {
        var a = accounts.organisation("insurance");
        var b = accounts.organisation("telecoms");
        var c = accounts.organisation("water");
        var executiveA = accounts.member(a, Role.EXECUTIVE);
        var leadA = accounts.member(a, Role.SECURITY_LEAD);
        var executiveB = accounts.member(b, Role.EXECUTIVE);
        var executiveC = accounts.member(c, Role.EXECUTIVE);
        membership.suspend(c.id(), "test");
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);

        var green = Mailbox.publish(api(), author, approver, draft("TLP:GREEN",
                audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE"))));
        assertThat(api().post("/api/v1/advisories/" + green + "/shares", executiveA.token(),
                share(executiveB.username())).status()).isEqualTo(201);
        assertThat(api().get("/api/v1/advisories/" + green, executiveB.token()).status()).isEqualTo(200);
        var suspended = api().post("/api/v1/advisories/" + green + "/shares", executiveA.token(),
                share(executiveC.username()));
        assertThat(suspended.status()).isEqualTo(400);
        assertThat(suspended.body()).contains("TLP:GREEN may be shared only with members of approved organisations");

        var clear = Mailbox.publish(api(), author, approver, draft("TLP:CLEAR",
                audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE"))));
        assertThat(api().post("/api/v1/advisories/" + clear + "/shares", executiveA.token(),
                share(executiveB.username())).status()).isEqualTo(201);

        var red = Mailbox.publish(api(), author, approver, draft("TLP:RED",
                audience(List.of(), List.of(), List.of(executiveA.username()), List.of())));
        int before = recipients(red);
        var refused = api().post("/api/v1/advisories/" + red + "/shares", executiveA.token(), share(leadA.username()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("TLP:RED may not be shared");
        assertThat(read(api().get("/api/v1/advisories/" + red + "/shares", executiveA.token()).body())
                .get("mayShare").asBoolean()).isFalse();
        assertThat(recipients(red)).isEqualTo(before);
        assertThat(api().get("/api/v1/advisories/" + red, leadA.token()).status()).isEqualTo(404);
    }

    @Test
    void aNewVersionCarriesSharedCopiesOverWhereItsLabelStillAllowsThem() throws Exception {
        var a = accounts.organisation("insurance");
        var b = accounts.organisation("insurance");
        var executiveA = accounts.member(a, Role.EXECUTIVE);
        var analystA = accounts.member(a, Role.ANALYST);
        var executiveB = accounts.member(b, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var body = draft("TLP:GREEN", audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE")));
        var id = Mailbox.publish(api(), author, approver, body);
        var shares = "/api/v1/advisories/" + id + "/shares";
        assertThat(api().post(shares, executiveA.token(), share(analystA.username())).status()).isEqualTo(201);
        assertThat(api().post(shares, executiveA.token(), share(executiveB.username())).status()).isEqualTo(201);

        body.put("tlp", "TLP:AMBER");
        body.put("title", AdvisoryJson.TITLE + ", now AMBER");
        assertThat(api().call("PUT", "/api/v1/advisories/" + id, author.token(), json(body)).status()).isEqualTo(200);
        Mailbox.approveAndPublish(api(), author, approver, id);

        var copy = api().get("/api/v1/advisories/" + id, analystA.token());
        assertThat(copy.status()).isEqualTo(200);
        assertThat(read(copy.body()).get("version").asInt()).isEqualTo(2);
        assertThat(api().get("/api/v1/advisories/" + id, executiveB.token()).status())
                .as("TLP:AMBER does not leave organisation A").isEqualTo(404);
        var dashboard = read(api().get("/api/v1/advisories/" + id + "/recipients", author.token()).body());
        assertThat(dashboard.get("version").asInt()).isEqualTo(2);
        assertThat(dashboard.get("total").asInt()).isEqualTo(2);
        assertThat(item(dashboard, analystA.username()).get("sharedBy").asString()).isEqualTo(executiveA.username());
        assertThat(MAIL.to(analystA.username(), "an updated advisory for you", 1)).hasSize(1);
    }

    @Test
    void anExecutiveDelegatesToASecurityLeadWhoActsOnTheirBehalf() throws Exception {
        var a = accounts.organisation("insurance");
        var b = accounts.organisation("insurance");
        var executiveA = accounts.member(a, Role.EXECUTIVE);
        var leadA = accounts.member(a, Role.SECURITY_LEAD);
        var analystA = accounts.member(a, Role.ANALYST);
        var leadB = accounts.member(b, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = Mailbox.publish(api(), author, approver, draft("TLP:AMBER",
                audience(List.of(), List.of(a.id()), List.of(leadB.username()), List.of("EXECUTIVE"))));
        var path = "/api/v1/advisories/" + id;

        int before = recipients(id);
        assertThat(api().call("PUT", path + "/delegation", executiveA.token(), share(analystA.username())).body())
                .contains("Delegate to a security lead of your own organisation");
        assertThat(api().call("PUT", path + "/delegation", executiveA.token(), share(leadB.username())).status())
                .isEqualTo(400);
        assertThat(api().call("PUT", path + "/delegation", executiveA.token(), "{}").status()).isEqualTo(400);
        assertThat(api().call("PUT", path + "/delegation", leadB.token(), share(leadB.username())).status())
                .as("only executives delegate").isEqualTo(403);
        assertThat(recipients(id)).isEqualTo(before);

        var delegated = api().call("PUT", path + "/delegation", executiveA.token(), share(leadA.username()));
        assertThat(delegated.status()).as(delegated.body()).isEqualTo(200);
        assertThat(read(delegated.body()).get("copyGiven").asBoolean()).isTrue();
        assertThat(MAIL.to(leadA.username(), SHARED, 1)).hasSize(1);
        var passing = read(api().get(path + "/shares", leadA.token()).body());
        assertThat(passing.get("actingFor").get(0).get("username").asString()).isEqualTo(executiveA.username());

        assertThat(api().post(path + "/delegation/acknowledgement", leadB.token(),
                onBehalf(executiveA.username())).status())
                .as("a security lead who holds no copy and is nobody's delegate").isEqualTo(404);
        assertThat(api().post(path + "/delegation/acknowledgement", analystA.token(),
                onBehalf(executiveA.username())).status()).as("neither recipient nor security lead").isEqualTo(403);
        assertThat(api().post(path + "/delegation/acknowledgement", leadA.token(), "{}").status()).isEqualTo(400);
        assertThat(api().call("PUT", path + "/delegation/actions/1", leadA.token(),
                "{\"executive\":\"" + executiveA.username() + "\",\"status\":\"DONE\"}").status())
                .as("acknowledge first").isEqualTo(409);

        var acknowledged = api().post(path + "/delegation/acknowledgement", leadA.token(), onBehalf(executiveA.username()));
        assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        assertThat(read(acknowledged.body()).get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged.body()).doesNotContain(read(api().get(path, executiveA.token()).body())
                .get("copy").get("serial").asString());
        var bad = api().call("PUT", path + "/delegation/actions/1", leadA.token(),
                "{\"executive\":\"" + executiveA.username() + "\",\"status\":\"FINISHED\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"status\"");
        assertThat(api().call("PUT", path + "/delegation/actions/1", leadA.token(),
                "{\"executive\":\"" + executiveA.username() + "\",\"status\":\"DONE\",\"comment\":\"logs searched\"}")
                .status()).isEqualTo(200);

        var own = read(api().get(path, executiveA.token()).body());
        assertThat(own.get("copy").get("state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(own.get("actions").get(0).get("status").asString()).isEqualTo("DONE");
        var dashboard = read(api().get(path + "/recipients", author.token()).body());
        var executive = item(dashboard, executiveA.username());
        assertThat(executive.get("delegate").asString()).isEqualTo(leadA.username());
        assertThat(executive.get("acknowledgedBy").asString()).isEqualTo(leadA.username());
        assertThat(item(dashboard, leadA.username()).get("sharedBy").asString()).isEqualTo(executiveA.username());
        assertThat(item(dashboard, leadA.username()).get("state").asString()).isEqualTo("DELIVERED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor = :lead AND detail LIKE :behalf")
                .param("lead", leadA.username()).param("behalf", "%on behalf of " + executiveA.username())
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void tlpRedIsDelegatedOnlyToASecurityLeadWhoReceivedIt() {
        var a = accounts.organisation("insurance");
        var executive = accounts.member(a, Role.EXECUTIVE);
        var lead = accounts.member(a, Role.SECURITY_LEAD);
        var namedLead = accounts.member(a, Role.SECURITY_LEAD);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = Mailbox.publish(api(), author, approver, draft("TLP:RED",
                audience(List.of(), List.of(), List.of(executive.username(), namedLead.username()), List.of())));
        var path = "/api/v1/advisories/" + id + "/delegation";
        var refused = api().call("PUT", path, executive.token(), share(lead.username()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("TLP:RED cannot be passed on");
        assertThat(api().get("/api/v1/advisories/" + id, lead.token()).status()).isEqualTo(404);
        var allowed = api().call("PUT", path, executive.token(), share(namedLead.username()));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(read(allowed.body()).get("copyGiven").asBoolean()).isFalse();
    }

    @Test
    void sharesAndDelegatesFromTheCopyPage() {
        var a = accounts.organisation("insurance");
        var b = accounts.organisation("insurance");
        var executive = accounts.member(a, Role.EXECUTIVE);
        var analyst = accounts.member(a, Role.ANALYST);
        var lead = accounts.member(a, Role.SECURITY_LEAD);
        var outsider = accounts.member(b, Role.EXECUTIVE);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var id = Mailbox.publish(api(), author, approver, draft("TLP:AMBER",
                audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE"))));
        var page = "/advisories/" + id;

        var reader = signedIn(executive);
        assertThat(reader.get(page).body()).contains("TLP:AMBER may be shared inside your own organisation",
                "id=\"share\"", "id=\"delegate-button\"");
        assertThat(reader.post(page + "/shares", Map.of("username", outsider.username())).location()).isEqualTo(page);
        assertThat(reader.get(page).body()).contains("govuk-error-summary", "href=\"#username\"",
                "TLP:AMBER may be shared only inside your own organisation");
        assertThat(reader.post(page + "/shares", Map.of("username", analyst.username())).location()).isEqualTo(page);
        assertThat(reader.get(page).body()).contains("Shared with " + analyst.username(),
                "You shared this advisory with " + analyst.username());
        assertThat(reader.post(page + "/delegation", Map.of("username", lead.username())).location()).isEqualTo(page);
        assertThat(reader.get(page).body()).contains("You delegated the acknowledgement and the actions to " + lead.username());

        var delegate = signedIn(lead);
        assertThat(delegate.get(page).body()).contains(executive.username() + " delegated this advisory to you",
                "Acknowledge on behalf of " + executive.username());
        assertThat(delegate.post(page + "/delegation/acknowledgement", Map.of("executive", executive.username()))
                .location()).isEqualTo(page);
        assertThat(delegate.get(page).body()).contains("Acknowledged on behalf of " + executive.username());

        var stranger = signedIn(outsider);
        stranger.get("/advisories");
        assertThat(stranger.post(page + "/shares", Map.of("username", analyst.username())).status()).isEqualTo(404);
        var dashboard = signedIn(author).get(page + "/recipients");
        assertThat(dashboard.body()).contains("(shared by " + executive.username(), "(delegated to " + lead.username() + ")",
                "by " + lead.username() + " on their behalf");
    }

    private int recipients(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM recipient WHERE advisory_id = CAST(:id AS UUID)").param("id", id)
                .query(Integer.class).single();
    }

    private static JsonNode item(JsonNode dashboard, String username) {
        for (var item : dashboard.get("items")) {
            if (item.get("username").asString().equals(username)) {
                return item;
            }
        }
        throw new AssertionError(username + " is not on the dashboard: " + dashboard);
    }

    private static String share(String username) {
        return json(Map.of("username", username));
    }

    private static String onBehalf(String executive) {
        return json(Map.of("executive", executive, "comment", "read for the board"));
    }

    private PortalClient signedIn(Accounts.Account account) {
        var portal = new PortalClient(port);
        assertThat(portal.signIn(account).location()).isEqualTo("/");
        portal.get("/advisories");
        return portal;
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
