package org.tocsin.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

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
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.mail.Mailer;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Inviting someone, from the organisation admin's form or the API to the invited person's new
 * account, with the invitation travelling through a real SMTP server (GreenMail): the link works
 * once, expires, and is refused for anything an organisation admin may not grant.
 */
@TocsinTest
@DirtiesContext
class InvitationTests {

    private static final String BASE_URL = "https://tocsin.test";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(BASE_URL) + "(/invitations/[A-Za-z0-9_-]{43})\\b");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
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
    Mailer mailer;

    @Autowired
    JdbcClient jdbc;

    @Test
    void invitesThroughThePortalFormAndTheLinkArrivesByMail() throws Exception {
        var organisation = accounts.organisation("legal");
        var admin = accounts.member(organisation, Role.ORG_ADMIN);
        var portal = new PortalClient(port);
        assertThat(portal.signIn(admin).location()).isEqualTo("/");
        portal.get("/organisation");
        var email = newAddress();

        var sent = portal.post("/organisations/" + organisation.id() + "/invitations",
                Map.of("email", email, "displayName", "Nadia Newcomer", "roles", "SECURITY_LEAD"));

        assertThat(sent.status()).isEqualTo(302);
        assertThat(sent.location()).isEqualTo("/organisation");
        var page = portal.get("/organisation");
        assertThat(page.body()).contains("Invitation sent to " + email, "Nadia Newcomer");
        var mail = onlyMailTo(email);
        assertThat(mail.getSubject()).isEqualTo("You are invited to join Tocsin");
        var text = Mails.text(mail);
        assertThat(text).contains("Nadia Newcomer", organisation.name(), admin.person().displayName(), "within 7 days");
        var link = link(text);

        var invitationPage = new PortalClient(port).get(link);
        assertThat(invitationPage.status()).isEqualTo(200);
        assertThat(invitationPage.body()).contains(organisation.name(), "Nadia Newcomer", email, "name=\"password\"");
    }

    @Test
    void invitesThroughTheApiAndTheNewPersonCreatesTheirAccountFromTheLink() throws Exception {
        var organisation = accounts.organisation("accountancy");
        var admin = accounts.member(organisation, Role.ORG_ADMIN);
        var email = newAddress();

        var reply = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                "{\"email\":\"" + email + "\",\"displayName\":\"Ada Analyst\",\"roles\":[\"ANALYST\",\"EXECUTIVE\"]}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body()).contains(email, "Ada Analyst").doesNotContain("/invitations/");
        var link = link(Mails.text(onlyMailTo(email)));
        var visitor = new PortalClient(port);
        visitor.get(link);
        var accepted = visitor.post(link, Map.of("password", "a long walk to the lighthouse", "confirmation",
                "a long walk to the lighthouse"));
        assertThat(accepted.location()).isEqualTo("/sign-in?welcome");
        var person = membership.personByUsername(email).orElseThrow();
        assertThat(person.organisationId()).isEqualTo(organisation.id());
        assertThat(person.displayName()).isEqualTo("Ada Analyst");
        assertThat(person.roles()).containsExactlyInAnyOrder(Role.ANALYST, Role.EXECUTIVE);
        // The new person signs in with the chosen password and must first set up a second factor.
        assertThat(new PortalClient(port).password(email, "a long walk to the lighthouse").location())
                .isEqualTo("/sign-in/enrol");
    }

    @Test
    void refusesBadPasswordsNamingTheFieldAndCreatesNothing() throws Exception {
        var email = newAddress();
        var link = invite(email, "Bob Bystander");
        var visitor = new PortalClient(port);
        visitor.get(link);
        var localPart = email.substring(0, email.indexOf('@'));
        record Attempt(String password, String confirmation, String field, String message) {}
        var attempts = List.of(
                new Attempt("", "", "password", "Enter a password"),
                new Attempt("short", "short", "password", "Use at least 12 characters"),
                new Attempt("x".repeat(129), "x".repeat(129), "password", "Use at most 128 characters"),
                new Attempt("my " + localPart + " password", "my " + localPart + " password", "password",
                        "Do not use your username in your password"),
                new Attempt("passwordpassword", "passwordpassword", "password", "This password is too easy to guess"),
                new Attempt("a long walk to the lighthouse", "a long walk to the harbour", "confirmation",
                        "The two passwords are not the same"));

        for (var attempt : attempts) {
            var page = visitor.post(link, Map.of("password", attempt.password(), "confirmation", attempt.confirmation()));
            assertThat(page.status()).as(attempt.message()).isEqualTo(200);
            assertThat(page.body()).as(attempt.message()).contains(attempt.message())
                    .contains("href=\"#" + attempt.field() + "\"")
                    .contains("Join ");
            assertThat(fieldInError(page.body())).as(attempt.message()).isEqualTo(attempt.field());
            assertThat(membership.personByUsername(email)).as(attempt.message()).isEmpty();
        }
        // The invitation is untouched and still works.
        assertThat(membership.personByUsername(email)).isEmpty();
        assertThat(visitor.post(link, Map.of("password", "a long walk to the lighthouse", "confirmation",
                "a long walk to the lighthouse")).location()).isEqualTo("/sign-in?welcome");
        assertThat(membership.personByUsername(email)).isPresent();
    }

    @Test
    void refusesTheLinkOnceItHasBeenUsed() throws Exception {
        var email = newAddress();
        var link = invite(email, "Una Once");
        var first = new PortalClient(port);
        first.get(link);
        assertThat(first.post(link, Map.of("password", "the first and only password", "confirmation",
                "the first and only password")).location()).isEqualTo("/sign-in?welcome");

        var second = new PortalClient(port);
        second.get("/sign-in"); // a session and a CSRF token, as any browser would have
        var page = second.get(link);
        var replay = second.post(link, Map.of("password", "an attacker's own password", "confirmation",
                "an attacker's own password"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("This invitation link does not work").doesNotContain("name=\"password\"");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).contains("This invitation link does not work");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person WHERE username = :email").param("email", email)
                .query(Integer.class).single()).isEqualTo(1);
        // The password chosen first is still the one that works.
        assertThat(new PortalClient(port).password(email, "an attacker's own password").location()).isEqualTo("/sign-in?error");
        assertThat(new PortalClient(port).password(email, "the first and only password").location()).isEqualTo("/sign-in/enrol");
    }

    @Test
    void createsOneAccountWhenTheLinkIsUsedManyTimesAtOnce() throws Exception {
        var email = newAddress();
        var link = invite(email, "Rita Racer");
        var visitors = new ArrayList<PortalClient>();
        for (int i = 0; i < 8; i++) {
            var visitor = new PortalClient(port);
            assertThat(visitor.get(link).body()).contains("name=\"password\"");
            visitors.add(visitor);
        }
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(visitors.size());
        var answers = new ArrayList<Future<PortalClient.Page>>();
        try {
            for (int i = 0; i < visitors.size(); i++) {
                var visitor = visitors.get(i);
                var password = "racing password number " + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return visitor.post(link, Map.of("password", password, "confirmation", password));
                }));
            }
            start.countDown();
            var winners = new ArrayList<Integer>();
            for (int i = 0; i < answers.size(); i++) {
                var answer = answers.get(i).get();
                assertThat(answer.status()).isIn(200, 302);
                if ("/sign-in?welcome".equals(answer.location())) {
                    winners.add(i);
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM person WHERE username = :email").param("email", email)
                    .query(Integer.class).single()).isEqualTo(1);
            assertThat(new PortalClient(port).password(email, "racing password number " + winners.get(0)).location())
                    .isEqualTo("/sign-in/enrol");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAnExpiredInvitation() throws Exception {
        var email = newAddress();
        var link = invite(email, "Eve Expired");
        jdbc.sql("UPDATE invitation SET expires_at = :past WHERE email = :email")
                .param("past", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1)).param("email", email).update();
        var visitor = new PortalClient(port);
        visitor.get("/sign-in"); // a session and a CSRF token, as any browser would have

        var page = visitor.get(link);
        var attempt = visitor.post(link, Map.of("password", "a long walk to the lighthouse", "confirmation",
                "a long walk to the lighthouse"));

        assertThat(page.body()).contains("This invitation link does not work");
        assertThat(attempt.status()).isEqualTo(200);
        assertThat(attempt.body()).contains("This invitation link does not work");
        assertThat(membership.personByUsername(email)).isEmpty();
    }

    @Test
    void anOrganisationAdminIsNotToldThatAnAddressBelongsToAMemberOfAnotherOrganisation() throws Exception {
        var elsewhere = accounts.member(accounts.organisation("water"), Role.ANALYST);
        var organisation = accounts.organisation("legal");
        var admin = accounts.member(organisation, Role.ORG_ADMIN);
        var member = elsewhere.person().username();
        var stranger = newAddress();

        var toMember = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                "{\"email\":\"" + member + "\",\"displayName\":\"Wanda Waters\",\"roles\":[\"EXECUTIVE\"]}");
        var toStranger = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                "{\"email\":\"" + stranger + "\",\"displayName\":\"Wanda Waters\",\"roles\":[\"EXECUTIVE\"]}");

        assertThat(toMember.status()).isEqualTo(201).isEqualTo(toStranger.status());
        assertThat(toMember.body().replace(member, "ADDRESS").replaceAll("[0-9a-f-]{36}|\\d{4}-\\d{2}-\\d{2}T[^\"]+", "X"))
                .as("the same answer as for anybody").isEqualTo(
                        toStranger.body().replace(stranger, "ADDRESS").replaceAll("[0-9a-f-]{36}|\\d{4}-\\d{2}-\\d{2}T[^\"]+", "X"));
        assertThat(membership.openInvitations(organisation.id())).extracting(Invitation::email).contains(member, stranger);
        var told = Mails.text(onlyMailTo(member));
        assertThat(told).contains("cannot be accepted", "Nobody at " + organisation.name() + " has been told")
                .doesNotContain("/invitations/");
        assertThat(membership.personByUsername(member).orElseThrow().organisationId())
                .isEqualTo(elsewhere.person().organisationId());

        var portal = new PortalClient(port);
        portal.signIn(admin);
        portal.get("/organisation");
        var another = accounts.member(accounts.organisation("energy"), Role.EXECUTIVE).person().username();
        var sent = portal.post("/organisations/" + organisation.id() + "/invitations",
                Map.of("email", another, "displayName", "Eric Energy", "roles", "EXECUTIVE"));
        assertThat(sent.status()).isEqualTo(302);
        assertThat(portal.get("/organisation").body()).contains("Invitation sent to " + another);
    }

    @Test
    void refusesAnAddressAlreadyInTheOrganisationAndTellsTheAuthorityOfAnyMember() {
        var organisation = accounts.organisation("legal");
        var admin = accounts.member(organisation, Role.ORG_ADMIN);
        var colleague = accounts.member(organisation, Role.ANALYST).person().username();
        var elsewhere = accounts.member(accounts.organisation("water"), Role.ANALYST).person().username();
        var authority = accounts.staff(Role.ADMIN);

        var toColleague = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                "{\"email\":\"" + colleague + "\",\"displayName\":\"Colin Colleague\",\"roles\":[\"EXECUTIVE\"]}");
        var byAuthority = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", authority.token(),
                "{\"email\":\"" + elsewhere + "\",\"displayName\":\"Wanda Waters\",\"roles\":[\"EXECUTIVE\"]}");

        assertThat(toColleague.status()).isEqualTo(400);
        assertThat(toColleague.body()).contains("already a member");
        assertThat(byAuthority.status()).isEqualTo(400);
        assertThat(byAuthority.body()).contains("already a member");
        assertThat(invitationsTo(colleague)).isZero();
        assertThat(invitationsTo(elsewhere)).isZero();
    }

    @Test
    void refusesAnOrganisationAdminInvitingIntoAnotherOrganisation() {
        var own = accounts.organisation("banking");
        var other = accounts.organisation("banking");
        var admin = accounts.member(own, Role.ORG_ADMIN);
        var email = newAddress();

        var byApi = api().post("/api/v1/organisations/" + other.id() + "/invitations", admin.token(),
                "{\"email\":\"" + email + "\",\"displayName\":\"Intruder\",\"roles\":[\"EXECUTIVE\"]}");
        var portal = new PortalClient(port);
        portal.signIn(admin);
        portal.get("/organisation");
        var byPortal = portal.post("/organisations/" + other.id() + "/invitations",
                Map.of("email", email, "displayName", "Intruder", "roles", "EXECUTIVE"));
        // An organisation that does not exist answers the same.
        var missing = api().post("/api/v1/organisations/" + UUID.randomUUID() + "/invitations", admin.token(),
                "{\"email\":\"" + email + "\",\"displayName\":\"Intruder\",\"roles\":[\"EXECUTIVE\"]}");

        assertThat(byApi.status()).isEqualTo(404);
        assertThat(byPortal.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("Organisation not found");
        assertThat(byApi.body()).contains("Organisation not found");
        assertThat(invitationsTo(email)).isZero();
        assertThat(outboxTo(email)).isZero();
    }

    @Test
    void refusesAnOrganisationAdminGrantingAuthorityRoles() {
        var organisation = accounts.organisation("water");
        var admin = accounts.member(organisation, Role.ORG_ADMIN);
        var email = newAddress();

        for (var role : List.of("ADMIN", "AUTHOR", "APPROVER", "AUDITOR")) {
            var reply = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                    "{\"email\":\"" + email + "\",\"displayName\":\"Climber\",\"roles\":[\"EXECUTIVE\",\"" + role + "\"]}");
            assertThat(reply.status()).as(role).isEqualTo(400);
            assertThat(reply.body()).as(role).contains("\"field\":\"roles\"", "not " + role);
        }
        var unknown = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                "{\"email\":\"" + email + "\",\"displayName\":\"Climber\",\"roles\":[\"SUPERUSER\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"field\":\"roles\"", "'SUPERUSER' is not a role");
        var portal = new PortalClient(port);
        portal.signIn(admin);
        portal.get("/organisation");
        var byPortal = portal.post("/organisations/" + organisation.id() + "/invitations",
                Map.of("email", email, "displayName", "Climber", "roles", "ADMIN"));
        assertThat(byPortal.status()).isEqualTo(200);
        assertThat(byPortal.body()).contains("not ADMIN", "href=\"#roles\"");

        assertThat(invitationsTo(email)).isZero();
        assertThat(outboxTo(email)).isZero();
    }

    @Test
    void sendsEachInvitationMailOnceHoweverOftenTheSenderRuns() throws Exception {
        var email = newAddress();
        invite(email, "Olive Once");
        var id = jdbc.sql("SELECT id FROM invitation WHERE email = :email").param("email", email).query(UUID.class).single();

        // Queuing the same invitation again, as a retried request would, queues nothing.
        assertThat(mailer.queue("invitation:" + id, email, "You are invited to join Tocsin", "again")).isFalse();
        // The sender runs every 200 ms: give it a good many runs.
        Thread.sleep(2_000);

        assertThat(mailsTo(email, 1)).hasSize(1);
        assertThat(outboxTo(email)).isEqualTo(1);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM mail_outbox
                WHERE idempotency_key = :key AND sent_at IS NOT NULL AND attempts = 1""")
                .param("key", "invitation:" + id).query(Integer.class).single()).isEqualTo(1);
    }

    // ----- helpers -----

    /** Invites {@code email} into a new organisation through the API and returns the link's path from the mail. */
    private String invite(String email, String displayName) throws Exception {
        var organisation = accounts.organisation("energy");
        var admin = accounts.member(organisation, Role.ORG_ADMIN);
        var reply = api().post("/api/v1/organisations/" + organisation.id() + "/invitations", admin.token(),
                "{\"email\":\"" + email + "\",\"displayName\":\"" + displayName + "\",\"roles\":[\"EXECUTIVE\"]}");
        assertThat(reply.status()).isEqualTo(201);
        return link(Mails.text(onlyMailTo(email)));
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    private static String newAddress() {
        return "invitee" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 1_000_000 + "@newcomer.example";
    }

    private static String link(String text) {
        var matcher = LINK.matcher(text);
        assertThat(matcher.find()).as("a link in: " + text).isTrue();
        return matcher.group(1);
    }

    private static String fieldInError(String body) {
        var matcher = Pattern.compile("govuk-form-group--error\">\\s*<label class=\"govuk-label\" for=\"([a-z]+)\"").matcher(body);
        return matcher.find() ? matcher.group(1) : null;
    }

    private int invitationsTo(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM invitation WHERE email = :email").param("email", email)
                .query(Integer.class).single();
    }

    private int outboxTo(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = :email").param("email", email)
                .query(Integer.class).single();
    }

    private static MimeMessage onlyMailTo(String address) throws Exception {
        var mails = mailsTo(address, 1);
        assertThat(mails).as("mail to " + address).hasSize(1);
        return mails.get(0);
    }

    /** The messages GreenMail received for exactly this address, waiting up to 15 s for {@code expected} of them. */
    private static List<MimeMessage> mailsTo(String address, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            var found = new ArrayList<MimeMessage>();
            for (var message : SMTP.getReceivedMessages()) {
                if (recipients(message).contains(address)) {
                    found.add(message);
                }
            }
            if (found.size() >= expected || System.nanoTime() > deadline) {
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
