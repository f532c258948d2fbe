package org.tocsin.identity;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;

/**
 * The first sign-in step: username and password. Success grants only {@code FACTOR_PASSWORD};
 * the second factor grants the rest. Every refusal looks the same to the caller (unknown user,
 * wrong password, locked, suspended), and unknown users cost a hash as well, so neither the message
 * nor the timing tells which accounts exist.
 */
@Component
class PasswordStep implements AuthenticationProvider {

    static final String REFUSED = "Enter a correct e-mail address and password";

    private final Membership membership;
    private final Credentials credentials;
    private final AuditTrail audit;
    private final String dummyHash;

    PasswordStep(Membership membership, Credentials credentials, AuditTrail audit,
            org.springframework.security.crypto.password.PasswordEncoder encoder) {
        this.membership = membership;
        this.credentials = credentials;
        this.audit = audit;
        this.dummyHash = encoder.encode("an unguessable placeholder that matches nothing");
    }

    @Override
    public Authentication authenticate(Authentication request) {
        var username = request.getName() == null ? "" : request.getName().strip();
        var password = request.getCredentials() instanceof String s ? s : "";
        if (username.isEmpty() || username.length() > 254 || password.length() > 1024) {
            credentials.passwordMatches("x", dummyHash);
            throw refuse(username, "malformed sign-in");
        }
        var person = membership.personByUsername(username);
        var stored = person.flatMap(p -> credentials.stored(p.id()));
        boolean matches = credentials.passwordMatches(password, stored.map(Credentials.Stored::passwordHash).orElse(dummyHash));
        if (person.isEmpty() || stored.isEmpty()) {
            throw refuse(username, "unknown user");
        }
        if (credentials.isLocked(stored.get())) {
            throw refuse(username, "account locked");
        }
        if (!matches) {
            credentials.recordFailure(person.get().id(), person.get().username());
            throw refuse(username, "wrong password");
        }
        if (membership.activePerson(person.get().username()).isEmpty()) {
            throw refuse(username, "account or organisation not active");
        }
        audit.record(person.get().username(), "sign-in.password", "person:" + person.get().username(), Outcome.SUCCESS, "");
        return UsernamePasswordAuthenticationToken.authenticated(person.get().username(), null,
                List.of(new SimpleGrantedAuthority(Authorities.FACTOR_PASSWORD)));
    }

    private BadCredentialsException refuse(String username, String why) {
        audit.record(username.isEmpty() ? "anonymous" : username, "sign-in.password", "person:" + username,
                Outcome.FAILURE, why);
        return new BadCredentialsException(REFUSED);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
