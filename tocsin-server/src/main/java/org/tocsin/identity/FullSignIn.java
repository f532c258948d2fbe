package org.tocsin.identity;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Person;

/**
 * The last step of every sign-in, whichever second factor was used: a new session id, the
 * person's roles, the clock for the absolute timeout, and an audit entry.
 */
@Component
class FullSignIn {

    private final Membership membership;
    private final Credentials credentials;
    private final AuditTrail audit;
    private final Clock clock;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    FullSignIn(Membership membership, Credentials credentials, AuditTrail audit, Clock clock) {
        this.membership = membership;
        this.credentials = credentials;
        this.audit = audit;
        this.clock = clock;
    }

    void complete(Person person, String factor, HttpServletRequest request, HttpServletResponse response) {
        request.changeSessionId();
        var session = request.getSession();
        session.removeAttribute(LivenessFilter.PASSWORD_AT);
        session.setAttribute(LivenessFilter.SIGNED_IN_AT, clock.millis());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(person.username(), null,
                Authorities.of(person)));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        credentials.recordSuccess(person.id());
        membership.touch(person.id());
        audit.record(person.username(), "sign-in", "person:" + person.username(), Outcome.SUCCESS,
                "password and " + factor);
    }

    /** Ends a half-finished sign-in (after too many wrong codes, for example). */
    void abandon(HttpServletRequest request, Person person, String why) {
        audit.record(person.username(), "sign-in.second-factor", "person:" + person.username(), Outcome.FAILURE, why);
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }
}
