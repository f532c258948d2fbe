package org.tocsin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Membership;
import org.tocsin.membership.PersonStatus;
import org.tocsin.membership.Role;

/**
 * Suspension and role changes take effect on the very next request, for tokens and for live
 * portal sessions alike, and touch nobody else.
 */
@TocsinTest
class SuspensionTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void suspendingAnOrganisationStopsItsTokensAndSessionsOnTheNextRequest() {
        var organisation = accounts.organisation("water");
        var analyst = accounts.member(organisation, Role.ANALYST);
        var lead = accounts.member(organisation, Role.SECURITY_LEAD);
        var bystander = accounts.member(accounts.organisation("water"), Role.ANALYST);
        var portal = signedIn(lead);
        assertThat(api.get("/api/v1/me", analyst.token()).status()).isEqualTo(200);

        membership.suspend(organisation.id(), "compromised");

        assertThat(api.get("/api/v1/me", analyst.token()).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/tokens", analyst.token(), "{\"name\":\"escape\"}").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", lead.token()).status()).isEqualTo(401);
        assertThat(portal.get("/").location()).isEqualTo("/sign-in");
        assertThat(api.get("/api/v1/me", bystander.token()).status()).as("another organisation").isEqualTo(200);
        assertThat(deniedEntriesFor(analyst.username())).isPositive();
    }

    @Test
    void aSuspendedOrganisationCannotSignInAgain() {
        var organisation = accounts.organisation("water");
        var lead = accounts.member(organisation, Role.SECURITY_LEAD);
        membership.suspend(organisation.id(), "compromised");

        var portal = new PortalClient(port);
        var afterCode = portal.signIn(lead);

        assertThat(afterCode.location()).isNotEqualTo("/");
        assertThat(portal.get("/").location()).isEqualTo("/sign-in");
    }

    @Test
    void reinstatingAnOrganisationLetsItsTokensWorkAgainButNotItsEndedSessions() {
        var organisation = accounts.organisation("energy");
        var analyst = accounts.member(organisation, Role.ANALYST);
        var portal = signedIn(analyst);
        membership.suspend(organisation.id(), "under investigation");
        assertThat(api.get("/api/v1/me", analyst.token()).status()).isEqualTo(401);
        assertThat(portal.get("/").location()).isEqualTo("/sign-in");

        membership.reinstate(organisation.id());

        assertThat(api.get("/api/v1/me", analyst.token()).status()).isEqualTo(200);
        assertThat(portal.get("/").location()).as("the session ended for good").isEqualTo("/sign-in");
    }

    @Test
    void suspendingAPersonStopsOnlyThatPersonOnTheNextRequest() {
        var organisation = accounts.organisation("health");
        var suspended = accounts.member(organisation, Role.ORG_ADMIN);
        var colleague = accounts.member(organisation, Role.ANALYST);
        var suspendedPortal = signedIn(suspended);
        var colleaguePortal = signedIn(colleague);

        membership.suspendPerson(suspended.person().id(), "left the company");

        assertThat(api.get("/api/v1/me", suspended.token()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/organisations/" + organisation.id() + "/people", suspended.token()).status()).isEqualTo(401);
        assertThat(suspendedPortal.get("/").location()).isEqualTo("/sign-in");
        assertThat(api.get("/api/v1/me", colleague.token()).status()).isEqualTo(200);
        assertThat(colleaguePortal.get("/").status()).isEqualTo(200);

        membership.reinstatePerson(suspended.person().id());

        assertThat(api.get("/api/v1/me", suspended.token()).status()).isEqualTo(200);
    }

    @Test
    void idleAccountsAreSuspendedAndRecentOnesAreLeftAlone() {
        var organisation = accounts.organisation("transport");
        var idle = accounts.member(organisation, Role.ANALYST);
        var recent = accounts.member(organisation, Role.ANALYST);
        lastActive(idle, OffsetDateTime.now(clock).minusDays(181));
        lastActive(recent, OffsetDateTime.now(clock).minusDays(179));

        membership.suspendIdle();

        assertThat(membership.person(idle.person().id()).orElseThrow().status()).isEqualTo(PersonStatus.SUSPENDED);
        assertThat(membership.person(recent.person().id()).orElseThrow().status()).isEqualTo(PersonStatus.ACTIVE);
        assertThat(api.get("/api/v1/me", idle.token()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", recent.token()).status()).isEqualTo(200);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM audit_entry
                WHERE actor = 'system' AND action = 'person.suspended' AND target = :target""")
                .param("target", "person:" + idle.username()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aDemotedOrganisationAdminIsRefusedOnTheNextRequest() {
        var organisation = accounts.organisation("legal");
        var orgAdmin = accounts.member(organisation, Role.ORG_ADMIN);
        var admin = accounts.staff(Role.ADMIN);
        var portal = signedIn(orgAdmin);
        var people = "/api/v1/organisations/" + organisation.id() + "/people";
        assertThat(api.get(people, orgAdmin.token()).status()).isEqualTo(200);
        assertThat(portal.get("/organisations/" + organisation.id()).status()).isEqualTo(200);

        var demoted = api.call("PUT", "/api/v1/people/" + orgAdmin.person().id() + "/roles", admin.token(),
                "{\"roles\":[\"ANALYST\"]}");

        assertThat(demoted.status()).isEqualTo(200);
        assertThat(api.get(people, orgAdmin.token()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/organisations/" + organisation.id() + "/invitations", orgAdmin.token(),
                "{\"email\":\"late@test.example\",\"displayName\":\"Late\",\"roles\":[\"ANALYST\"]}").status()).isEqualTo(403);
        assertThat(portal.get("/organisations/" + organisation.id()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/me", orgAdmin.token()).body()).contains("\"roles\":[\"ANALYST\"]");
    }

    @Test
    void aPromotedAnalystMayManageOnTheNextRequest() {
        var organisation = accounts.organisation("legal");
        var analyst = accounts.member(organisation, Role.ANALYST);
        var orgAdmin = accounts.member(organisation, Role.ORG_ADMIN);
        var people = "/api/v1/organisations/" + organisation.id() + "/people";
        assertThat(api.get(people, analyst.token()).status()).isEqualTo(403);

        var promoted = api.call("PUT", "/api/v1/people/" + analyst.person().id() + "/roles", orgAdmin.token(),
                "{\"roles\":[\"ANALYST\",\"ORG_ADMIN\"]}");

        assertThat(promoted.status()).isEqualTo(200);
        assertThat(api.get(people, analyst.token()).status()).isEqualTo(200);
    }

    private PortalClient signedIn(Accounts.Account account) {
        var portal = new PortalClient(port);
        assertThat(portal.signIn(account).location()).as("signed in").isEqualTo("/");
        assertThat(portal.get("/").status()).isEqualTo(200);
        return portal;
    }

    private void lastActive(Accounts.Account account, OffsetDateTime at) {
        jdbc.sql("UPDATE person SET last_active_at = :at WHERE id = :id").param("at", at).param("id", account.person().id())
                .update();
    }

    private int deniedEntriesFor(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE actor = :actor AND outcome = 'DENIED'")
                .param("actor", username).query(Integer.class).single();
    }
}
