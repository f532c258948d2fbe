package org.tocsin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;
import org.tocsin.identity.ApiTokens;
import org.tocsin.identity.Credentials;
import org.tocsin.identity.Totp;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;

/**
 * Makes real organisations and people for tests through the same services the product uses:
 * each account has a password, an enrolled authenticator secret, recovery codes and an API token.
 */
@Component
public class Accounts {

    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Membership membership;
    private final Credentials credentials;
    private final ApiTokens tokens;
    private final Clock clock;

    Accounts(Membership membership, Credentials credentials, ApiTokens tokens, Clock clock) {
        this.membership = membership;
        this.credentials = credentials;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A person with everything needed to sign in and to call the API. */
    public record Account(Person person, String username, String password, String totpSecret, String token,
            List<String> recoveryCodes) {

        /** The authenticator code for the current 30-second step, or a step before or after it. */
        public String code(int stepOffset) {
            return Totp.code(totpSecret, Totp.stepAt(java.time.Instant.now()) + stepOffset);
        }
    }

    public synchronized Organisation authority() {
        return membership.authority().orElseGet(() -> membership.createAuthority("Test Authority"));
    }

    /** A new approved member organisation in the given sectors, sponsored by the authority. */
    public Organisation organisation(String... sectors) {
        var applied = membership.apply("Test Organisation " + unique(), List.of(sectors.length == 0 ? new String[] {"banking"} : sectors));
        return membership.approve(applied.id(), authority().id());
    }

    public Account member(Organisation organisation, Role... roles) {
        return account(organisation, roles);
    }

    public Account staff(Role... roles) {
        return account(authority(), roles);
    }

    /** A person with a password only: their second factor is still to be enrolled at first sign-in. */
    public Account unenrolled(Organisation organisation, Role... roles) {
        var person = membership.addPerson(organisation.id(), "person" + unique() + "@test.example",
                "Test Person", Set.of(roles));
        credentials.setPassword(person.id(), person.username(), PASSWORD);
        return new Account(person, person.username(), PASSWORD, null, null, List.of());
    }

    private Account account(Organisation organisation, Role... roles) {
        var person = membership.addPerson(organisation.id(), "person" + unique() + "@test.example",
                "Test Person " + SEQUENCE.get(), Set.of(roles));
        credentials.setPassword(person.id(), person.username(), PASSWORD);
        var secret = credentials.beginTotpEnrolment(person.id());
        // Enrol with the previous step's code, so the current and next steps are free for sign-in.
        var recovery = credentials.confirmTotpEnrolment(person.id(), person.username(),
                Totp.code(secret, Totp.stepAt(clock.instant()) - 1)).orElseThrow();
        var token = tokens.create(person, "test", Duration.ofDays(30), false);
        return new Account(person, person.username(), PASSWORD, secret, token.secret(), recovery);
    }

    private static String unique() {
        return SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
