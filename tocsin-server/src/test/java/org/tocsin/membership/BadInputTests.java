package org.tocsin.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.TocsinTest;

import tools.jackson.databind.ObjectMapper;

/**
 * Hostile and malformed input to every write endpoint of the membership and identity API. Each
 * request is refused with a 4xx problem detail that names the field at fault (or, for a body that
 * is not valid JSON, the line and column), never a 500 or a stack trace, and leaves every row of
 * organisations, people, roles, invitations, tokens and queued mail exactly as it was.
 */
@TocsinTest
class BadInputTests {

    private static final String LONG = "x".repeat(10_000);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * One hostile request. {@code path} makes the objects the request is about, just before it is
     * sent; {@code field} is the field the answer must name in {@code errors[0].field}, and
     * {@code detail} a text its detail must contain (the line and column, or the property).
     */
    record Bad(String name, String method, Supplier<String> path, String contentType, String body, int status,
            String field, String detail) {

        Bad field(String field) {
            return new Bad(name, method, path, contentType, body, status, field, detail);
        }

        Bad detail(String detail) {
            return new Bad(name, method, path, contentType, body, status, field, detail);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsRefusedClearlyAndChangesNothing() {
        var admin = accounts.staff(Role.ADMIN);
        return cases().stream().map(bad -> dynamicTest(bad.name(), () -> check(admin, bad)));
    }

    private List<Bad> cases() {
        var cases = new ArrayList<Bad>();
        Supplier<String> organisations = () -> "/api/v1/organisations";

        // applying for membership
        cases.add(json("malformed JSON names line and column", "POST", organisations, """
                {
                  "name": "Acme",
                  "sectors": ["banking"
                }""", 400).detail("line 4, column 1"));
        cases.add(json("trailing comma", "POST", organisations, "{\"name\":\"Acme\",\"sectors\":[\"banking\"],}", 400)
                .detail("line 1, column 38"));
        cases.add(json("sectors as a string", "POST", organisations, "{\"name\":\"Acme\",\"sectors\":\"banking\"}", 400)
                .detail("'sectors'"));
        cases.add(json("name as an object", "POST", organisations, "{\"name\":{\"$ne\":null},\"sectors\":[\"banking\"]}", 400)
                .detail("'name'"));
        cases.add(json("status smuggled into an application", "POST", organisations,
                "{\"name\":\"Acme Approved\",\"sectors\":[\"banking\"],\"status\":\"APPROVED\"}", 400)
                .detail("unknown property 'status'"));
        cases.add(json("authority flag smuggled into an application", "POST", organisations,
                "{\"name\":\"Acme Authority\",\"sectors\":[\"banking\"],\"authority\":true}", 400)
                .detail("unknown property 'authority'"));
        cases.add(json("sponsor smuggled into an application", "POST", organisations,
                "{\"name\":\"Acme Sponsored\",\"sectors\":[\"banking\"],\"sponsor\":\"authority\"}", 400)
                .detail("unknown property 'sponsor'"));
        cases.add(json("empty body", "POST", organisations, null, 400));
        cases.add(json("JSON null", "POST", organisations, "null", 400));
        cases.add(json("JSON array", "POST", organisations, "[]", 400));
        cases.add(json("trailing second object", "POST", organisations,
                "{\"name\":\"Acme Twice\",\"sectors\":[\"banking\"]} {\"name\":\"Evil\"}", 400));
        cases.add(json("no fields", "POST", organisations, "{}", 400).field("name"));
        cases.add(json("blank name", "POST", organisations, "{\"name\":\"   \",\"sectors\":[\"banking\"]}", 400).field("name"));
        cases.add(json("10k-character name", "POST", organisations, "{\"name\":\"" + LONG + "\",\"sectors\":[\"banking\"]}", 400)
                .field("name"));
        cases.add(json("CRLF in name", "POST", organisations, "{\"name\":\"Acme\\r\\nApproved: yes\",\"sectors\":[\"banking\"]}", 400)
                .field("name"));
        cases.add(json("NUL in name", "POST", organisations, "{\"name\":\"Acme\\u0000\",\"sectors\":[\"banking\"]}", 400)
                .field("name"));
        cases.add(json("name of an existing organisation", "POST", organisations,
                "{\"name\":\"TEST AUTHORITY\",\"sectors\":[\"banking\"]}", 400).field("name"));
        cases.add(json("unknown sector", "POST", organisations, "{\"name\":\"Acme\",\"sectors\":[\"piracy\"]}", 400)
                .field("sectors"));
        cases.add(json("no sectors", "POST", organisations, "{\"name\":\"Acme\",\"sectors\":[]}", 400).field("sectors"));
        cases.add(json("null sector", "POST", organisations, "{\"name\":\"Acme\",\"sectors\":[null]}", 400).field("sectors"));
        cases.add(json("10k-character sector", "POST", organisations, "{\"name\":\"Acme\",\"sectors\":[\"" + LONG + "\"]}", 400)
                .field("sectors"));
        cases.add(new Bad("body sent as text", "POST", organisations, "text/plain", "name=Acme", 415, null, null));
        cases.add(new Bad("body sent as XML", "POST", organisations, "application/xml",
                "<application><name>Acme</name></application>", 415, null, null));

        // approving an application
        Supplier<String> approval = () -> "/api/v1/organisations/" + applied() + "/approval";
        cases.add(json("approval without sponsor", "POST", approval, "{}", 400).field("sponsor"));
        cases.add(json("sponsor that has only applied", "POST", approval, "{\"sponsor\":\"" + applied() + "\"}", 400)
                .field("sponsor"));
        cases.add(json("sponsor that is suspended", "POST", approval, "{\"sponsor\":\"" + suspended() + "\"}", 400)
                .field("sponsor"));
        cases.add(json("sponsor that does not exist", "POST", approval, "{\"sponsor\":\"" + UUID.randomUUID() + "\"}", 400)
                .field("sponsor"));
        cases.add(json("sponsor that is not an id", "POST", approval, "{\"sponsor\":\"the bank next door\"}", 400)
                .field("sponsor"));
        cases.add(json("10k-character sponsor", "POST", approval, "{\"sponsor\":\"" + LONG + "\"}", 400).field("sponsor"));
        cases.add(json("approval date smuggled in", "POST", approval,
                "{\"sponsor\":\"authority\",\"approvedAt\":\"2000-01-01T00:00:00Z\"}", 400).detail("unknown property 'approvedAt'"));
        var selfSponsored = applied();
        cases.add(json("sponsoring itself", "POST", () -> "/api/v1/organisations/" + selfSponsored + "/approval",
                "{\"sponsor\":\"" + selfSponsored + "\"}", 400).field("sponsor"));
        cases.add(json("approving twice", "POST", () -> "/api/v1/organisations/" + approved() + "/approval",
                "{\"sponsor\":\"authority\"}", 409));
        cases.add(json("approving an organisation that does not exist", "POST",
                () -> "/api/v1/organisations/" + UUID.randomUUID() + "/approval", "{\"sponsor\":\"authority\"}", 404));
        cases.add(json("approval of an invalid id", "POST", () -> "/api/v1/organisations/not-a-uuid/approval",
                "{\"sponsor\":\"authority\"}", 400).field("id"));

        // suspending and reinstating organisations
        Supplier<String> suspension = () -> "/api/v1/organisations/" + approved() + "/suspension";
        cases.add(json("suspension without reason", "POST", suspension, "{}", 400).field("reason"));
        cases.add(json("10k-character reason", "POST", suspension, "{\"reason\":\"" + LONG + "\"}", 400).field("reason"));
        cases.add(json("CRLF in reason", "POST", suspension, "{\"reason\":\"fraud\\r\\nreinstated: yes\"}", 400).field("reason"));
        cases.add(json("suspending the authority", "POST",
                () -> "/api/v1/organisations/" + accounts.authority().id() + "/suspension", "{\"reason\":\"coup\"}", 409));
        cases.add(json("suspending an application", "POST", () -> "/api/v1/organisations/" + applied() + "/suspension",
                "{\"reason\":\"early\"}", 409));
        cases.add(json("suspending twice", "POST", () -> "/api/v1/organisations/" + suspended() + "/suspension",
                "{\"reason\":\"again\"}", 409));
        cases.add(json("suspension of an invalid id", "POST", () -> "/api/v1/organisations/1%20OR%201=1/suspension",
                "{\"reason\":\"x\"}", 400).field("id"));
        cases.add(json("reinstating an approved organisation", "POST",
                () -> "/api/v1/organisations/" + approved() + "/reinstatement", null, 409));
        cases.add(json("reinstatement of an invalid id", "POST", () -> "/api/v1/organisations/%27--/reinstatement", null, 400)
                .field("id"));

        // inviting people
        Supplier<String> invitations = () -> "/api/v1/organisations/" + approved() + "/invitations";
        cases.add(json("organisation smuggled into an invitation", "POST", invitations,
                invitation("\"ANALYST\"") .replace("}", ",\"organisationId\":\"" + accounts.authority().id() + "\"}"), 400)
                .detail("unknown property 'organisationId'"));
        cases.add(json("invitation token smuggled in", "POST", invitations,
                invitation("\"ANALYST\"").replace("}", ",\"token\":\"chosen\"}"), 400).detail("unknown property 'token'"));
        cases.add(json("malformed invitation", "POST", invitations, "{\"email\":\"a@b.example\"\n\"roles\":[]}", 400)
                .detail("line 2, column 1"));
        cases.add(json("invitation without fields", "POST", invitations, "{}", 400).field("roles"));
        cases.add(json("e-mail that is not one", "POST", invitations,
                "{\"email\":\"not an address\",\"displayName\":\"A\",\"roles\":[\"ANALYST\"]}", 400).field("email"));
        cases.add(json("e-mail with injected header", "POST", invitations,
                "{\"email\":\"a@b.example\\r\\nBcc: spy@evil.example\",\"displayName\":\"A\",\"roles\":[\"ANALYST\"]}", 400)
                .field("email"));
        cases.add(json("10k-character e-mail", "POST", invitations,
                "{\"email\":\"" + LONG + "@b.example\",\"displayName\":\"A\",\"roles\":[\"ANALYST\"]}", 400).field("email"));
        cases.add(json("e-mail of an existing member", "POST", invitations,
                "{\"email\":\"" + personIn(accounts.authority(), Role.AUTHOR).username()
                        + "\",\"displayName\":\"A\",\"roles\":[\"ANALYST\"]}", 400).field("email"));
        cases.add(json("invitation without display name", "POST", invitations,
                "{\"email\":\"new-" + UNIQUE.incrementAndGet() + "@b.example\",\"roles\":[\"ANALYST\"]}", 400).field("displayName"));
        cases.add(json("CRLF in display name", "POST", invitations,
                "{\"email\":\"new@b.example\",\"displayName\":\"Eve\\r\\nSubject: urgent\",\"roles\":[\"ANALYST\"]}", 400)
                .field("displayName"));
        cases.add(json("10k-character display name", "POST", invitations,
                "{\"email\":\"new@b.example\",\"displayName\":\"" + LONG + "\",\"roles\":[\"ANALYST\"]}", 400).field("displayName"));
        cases.add(json("unknown role", "POST", invitations, invitation("\"GOD\""), 400).field("roles"));
        cases.add(json("authority role for a member organisation", "POST", invitations, invitation("\"ADMIN\""), 400)
                .field("roles"));
        cases.add(json("auditor role for a member organisation", "POST", invitations, invitation("\"ANALYST\",\"AUDITOR\""), 400)
                .field("roles"));
        cases.add(json("no roles", "POST", invitations, invitation(""), 400).field("roles"));
        cases.add(json("10k-character role", "POST", invitations, invitation("\"" + LONG + "\""), 400).field("roles"));
        cases.add(json("roles as a string", "POST", invitations,
                "{\"email\":\"new@b.example\",\"displayName\":\"A\",\"roles\":\"ANALYST\"}", 400).detail("'roles'"));
        cases.add(json("invitation to an application", "POST", () -> "/api/v1/organisations/" + applied() + "/invitations",
                invitation("\"ANALYST\""), 409));
        cases.add(json("invitation to an invalid id", "POST", () -> "/api/v1/organisations/x/invitations",
                invitation("\"ANALYST\""), 400).field("id"));
        var revoked = invitationTo(approved());
        cases.add(json("revoking an invitation twice", "DELETE", () -> {
            membership.revokeInvitation(admin(), revoked);
            return "/api/v1/invitations/" + revoked;
        }, null, 404));
        cases.add(json("revoking an invalid id", "DELETE", () -> "/api/v1/invitations/0", null, 400).field("id"));

        // roles, suspension and removal of people
        Supplier<String> roles = () -> "/api/v1/people/" + personIn(organisation(), Role.ANALYST).id() + "/roles";
        cases.add(json("authority role for a member", "PUT", roles, "{\"roles\":[\"ADMIN\"]}", 400).field("roles"));
        cases.add(json("member and authority role together", "PUT", roles, "{\"roles\":[\"ORG_ADMIN\",\"AUDITOR\"]}", 400)
                .field("roles"));
        cases.add(json("member role for the authority's staff", "PUT",
                () -> "/api/v1/people/" + personIn(accounts.authority(), Role.AUTHOR).id() + "/roles",
                "{\"roles\":[\"ORG_ADMIN\"]}", 400).field("roles"));
        cases.add(json("unknown role name", "PUT", roles, "{\"roles\":[\"ROOT\"]}", 400).field("roles"));
        cases.add(json("null role", "PUT", roles, "{\"roles\":[null]}", 400).field("roles"));
        cases.add(json("empty roles", "PUT", roles, "{\"roles\":[]}", 400).field("roles"));
        cases.add(json("missing roles", "PUT", roles, "{}", 400).field("roles"));
        cases.add(json("role as a string", "PUT", roles, "{\"roles\":\"ORG_ADMIN\"}", 400).detail("'roles'"));
        cases.add(json("organisation smuggled into roles", "PUT", roles,
                "{\"roles\":[\"ANALYST\"],\"organisationId\":\"" + accounts.authority().id() + "\"}", 400)
                .detail("unknown property 'organisationId'"));
        cases.add(json("status smuggled into roles", "PUT", roles, "{\"roles\":[\"ANALYST\"],\"status\":\"ACTIVE\"}", 400)
                .detail("unknown property 'status'"));
        cases.add(json("malformed roles", "PUT", roles, "{\"roles\":[\"ANALYST\"]]", 400).detail("line 1, column 21"));
        cases.add(json("roles of an invalid id", "PUT", () -> "/api/v1/people/me/roles", "{\"roles\":[\"ANALYST\"]}", 400)
                .field("id"));
        Supplier<String> personSuspension = () -> "/api/v1/people/" + personIn(organisation(), Role.ANALYST).id() + "/suspension";
        cases.add(json("person suspension without reason", "POST", personSuspension, "{}", 400).field("reason"));
        cases.add(json("CRLF in a person's suspension reason", "POST", personSuspension,
                "{\"reason\":\"left\\r\\nperson.reinstated\"}", 400).field("reason"));
        cases.add(json("10k-character suspension reason", "POST", personSuspension, "{\"reason\":\"" + LONG + "\"}", 400)
                .field("reason"));
        cases.add(json("suspending a person twice", "POST", () -> {
            var person = personIn(organisation(), Role.ANALYST);
            membership.suspendPerson(person.id(), "first time");
            return "/api/v1/people/" + person.id() + "/suspension";
        }, "{\"reason\":\"second time\"}", 409));
        cases.add(json("reinstating an active person", "POST",
                () -> "/api/v1/people/" + personIn(organisation(), Role.ANALYST).id() + "/reinstatement", null, 409));
        cases.add(json("removing a removed person", "DELETE", () -> {
            var person = personIn(organisation(), Role.ANALYST);
            membership.removePerson(person.id());
            return "/api/v1/people/" + person.id();
        }, null, 404));
        cases.add(json("removing an invalid id", "DELETE", () -> "/api/v1/people/null", null, 400).field("id"));

        // personal tokens
        Supplier<String> newToken = () -> "/api/v1/tokens";
        cases.add(json("token without name", "POST", newToken, "{}", 400).field("name"));
        cases.add(json("10k-character token name", "POST", newToken, "{\"name\":\"" + LONG + "\"}", 400).field("name"));
        cases.add(json("CRLF in token name", "POST", newToken, "{\"name\":\"ci\\r\\ntoken.revoked\"}", 400).field("name"));
        cases.add(json("expiry as words", "POST", newToken, "{\"name\":\"ci\",\"expiresInDays\":\"soon\"}", 400)
                .detail("'expiresInDays'"));
        cases.add(json("zero days", "POST", newToken, "{\"name\":\"ci\",\"expiresInDays\":0}", 400).field("expiresInDays"));
        cases.add(json("negative days", "POST", newToken, "{\"name\":\"ci\",\"expiresInDays\":-5}", 400).field("expiresInDays"));
        cases.add(json("a century", "POST", newToken, "{\"name\":\"ci\",\"expiresInDays\":36500}", 400).field("expiresInDays"));
        cases.add(json("days beyond any integer", "POST", newToken, "{\"name\":\"ci\",\"expiresInDays\":99999999999999}", 400)
                .detail("line 1, column"));
        cases.add(json("read-only as words", "POST", newToken, "{\"name\":\"ci\",\"readOnly\":\"maybe\"}", 400)
                .detail("'readOnly'"));
        cases.add(json("owner smuggled into a token", "POST", newToken,
                "{\"name\":\"ci\",\"personId\":\"" + UUID.randomUUID() + "\"}", 400).detail("unknown property 'personId'"));
        cases.add(json("secret chosen by the caller", "POST", newToken, "{\"name\":\"ci\",\"secret\":\"tcn_chosen\"}", 400)
                .detail("unknown property 'secret'"));
        cases.add(json("token body as a string", "POST", newToken, "\"ci\"", 400));
        cases.add(json("token body null", "POST", newToken, "null", 400));
        cases.add(json("malformed token request", "POST", newToken, "{\"name\":'ci'}", 400).detail("line 1, column 9"));
        cases.add(json("revoking a token of an invalid id", "DELETE", () -> "/api/v1/tokens/123", null, 400).field("id"));
        cases.add(json("revoking a token that does not exist", "DELETE", () -> "/api/v1/tokens/" + UUID.randomUUID(), null, 404));
        return cases;
    }

    @Test
    void anEncodedNulInThePathIsRefusedBeforeItReachesTheApplication() {
        var admin = accounts.staff(Role.ADMIN);
        var victim = personIn(organisation(), Role.ANALYST);
        var before = state();

        var reply = send("DELETE", "/api/v1/people/" + victim.id() + "%00", admin.token(), null, null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("Exception", "Tomcat", "java.", "\tat ");
        assertThat(state()).isEqualTo(before);
    }

    private void check(Accounts.Account admin, Bad bad) throws Exception {
        var path = bad.path().get();
        var before = state();

        var reply = send(bad.method(), path, admin.token(), bad.contentType(), bad.body());

        assertThat(reply.status()).as("%s %s: %s", bad.method(), path, reply.body()).isEqualTo(bad.status());
        assertThat(reply.headers().firstValue("Content-Type")).as(reply.body()).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.body()).doesNotContain("Exception", "org.tocsin", "java.", "tools.jackson", "\tat ");
        var problem = json.readTree(reply.body());
        assertThat(problem.path("status").asInt()).isEqualTo(bad.status());
        assertThat(problem.path("detail").asString()).isNotBlank();
        if (bad.field() != null) {
            assertThat(problem.path("errors").path(0).path("field").asString()).as(reply.body()).isEqualTo(bad.field());
        }
        if (bad.detail() != null) {
            assertThat(problem.path("detail").asString()).contains(bad.detail());
        }
        assertThat(state()).as("nothing changed").isEqualTo(before);
    }

    /** Every row a refused request must leave alone, in a comparable form. */
    private List<String> state() {
        var rows = new ArrayList<String>();
        rows.addAll(jdbc.sql("SELECT id, name, status, sponsor_id, approved_at, suspended_at FROM organisation")
                .query((rs, n) -> "organisation " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                        + rs.getString(4) + " " + rs.getString(5) + " " + rs.getString(6)).list());
        rows.addAll(jdbc.sql("SELECT organisation_id, sector_slug FROM organisation_sector")
                .query((rs, n) -> "sector " + rs.getString(1) + " " + rs.getString(2)).list());
        rows.addAll(jdbc.sql("SELECT id, organisation_id, username, display_name, status FROM person")
                .query((rs, n) -> "person " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                        + rs.getString(4) + " " + rs.getString(5)).list());
        rows.addAll(jdbc.sql("SELECT person_id, role FROM person_role")
                .query((rs, n) -> "role " + rs.getString(1) + " " + rs.getString(2)).list());
        rows.addAll(jdbc.sql("SELECT id, organisation_id, email, roles, accepted_at, revoked_at FROM invitation")
                .query((rs, n) -> "invitation " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                        + rs.getString(4) + " " + rs.getString(5) + " " + rs.getString(6)).list());
        rows.addAll(jdbc.sql("SELECT id, person_id, name, read_only, expires_at, revoked_at FROM api_token")
                .query((rs, n) -> "token " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                        + rs.getString(4) + " " + rs.getString(5) + " " + rs.getString(6)).list());
        rows.addAll(jdbc.sql("SELECT id FROM mail_outbox").query((rs, n) -> "mail " + rs.getString(1)).list());
        rows.sort(null);
        return rows;
    }

    private static Bad json(String name, String method, Supplier<String> path, String body, int status) {
        return new Bad(name, method, path, body == null ? null : "application/json", body, status, null, null);
    }

    private static String invitation(String roles) {
        return "{\"email\":\"new-" + UNIQUE.incrementAndGet() + "@b.example\",\"displayName\":\"Newcomer\",\"roles\":[" + roles + "]}";
    }

    private Organisation organisation() {
        return accounts.organisation("energy");
    }

    private UUID approved() {
        return organisation().id();
    }

    private UUID applied() {
        return membership.apply("Applicant " + UNIQUE.incrementAndGet() + "-" + System.nanoTime(), List.of("energy")).id();
    }

    private UUID suspended() {
        return membership.suspend(approved(), "bad input fixture").id();
    }

    private Person personIn(Organisation organisation, Role role) {
        return membership.addPerson(organisation.id(), "bad-input-" + UNIQUE.incrementAndGet() + "-" + System.nanoTime()
                + "@test.example", "Fixture Person", Set.of(role));
    }

    private Person admin() {
        return personIn(accounts.authority(), Role.ADMIN);
    }

    private UUID invitationTo(UUID organisation) {
        return membership.invite(admin(), organisation, "invited-" + UNIQUE.incrementAndGet() + "@test.example", "Invited",
                Set.of(Role.ANALYST)).id();
    }

    private ApiClient.Reply send(String method, String path, String token, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
