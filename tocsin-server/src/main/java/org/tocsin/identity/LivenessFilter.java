package org.tocsin.identity;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;
import org.tocsin.membership.RequestPerson;

/**
 * Runs on every authenticated request, after authentication and before the access decision. It
 * reloads the person: if they or their organisation have been suspended or removed, the session
 * ends here and the request goes on as anonymous, so suspension takes effect on the very next
 * request. Otherwise their current roles become the request's authorities, so a role change takes
 * effect at once too. It also enforces the absolute session timeout and the time allowed for the
 * second factor.
 */
class LivenessFilter extends OncePerRequestFilter {

    static final String SIGNED_IN_AT = "tocsin.signedInAt";
    static final String PASSWORD_AT = "tocsin.passwordAt";
    /** Membership.touch writes last_active_at at most once an hour. */
    private static final long TOUCH_INTERVAL_MILLIS = 60 * 60 * 1000L;

    private final Membership membership;
    private final AuditTrail audit;
    private final Clock clock;
    private final IdentitySettings settings;

    LivenessFilter(Membership membership, AuditTrail audit, Clock clock, IdentitySettings settings) {
        this.membership = membership;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (has(auth, Authorities.MEMBER)) {
            var person = membership.activePerson(auth.getName());
            if (person.isEmpty()) {
                end(request, auth, "session.ended", "account or organisation is no longer active");
            } else if (olderThan(request, SIGNED_IN_AT, settings.absoluteSessionTimeout().toMillis())) {
                end(request, auth, "session.expired", "absolute session timeout");
            } else {
                var extra = new ArrayList<String>();
                if (has(auth, Authorities.TOKEN)) {
                    extra.add(Authorities.TOKEN);
                }
                if (has(auth, Authorities.READ_ONLY)) {
                    extra.add(Authorities.READ_ONLY);
                }
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(person.get().username(), null,
                        Authorities.of(person.get(), extra.toArray(String[]::new))));
                SecurityContextHolder.setContext(context);
                RequestPerson.remember(request, person.get());
                var lastActive = person.get().lastActiveAt();
                if (lastActive == null || lastActive.toInstant().toEpochMilli() < clock.millis() - TOUCH_INTERVAL_MILLIS) {
                    // The same condition as touch's own: no write, and no transaction, on most requests.
                    membership.touch(person.get().id());
                }
            }
        } else if (has(auth, Authorities.FACTOR_PASSWORD)) {
            if (membership.activePerson(auth.getName()).isEmpty()) {
                end(request, auth, "session.ended", "account or organisation is no longer active");
            } else if (olderThan(request, PASSWORD_AT, settings.secondFactorTimeout().toMillis())) {
                end(request, auth, "session.expired", "second factor not given in time");
            }
        }
        chain.doFilter(request, response);
    }

    private boolean olderThan(HttpServletRequest request, String attribute, long millis) {
        var session = request.getSession(false);
        if (session == null || !(session.getAttribute(attribute) instanceof Long since)) {
            return false;
        }
        return clock.millis() - since > millis;
    }

    private void end(HttpServletRequest request, Authentication auth, String action, String why) {
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        audit.record(auth.getName(), action, "person:" + auth.getName(), Outcome.DENIED, why);
    }

    private static boolean has(Authentication auth, String authority) {
        return auth != null && auth.isAuthenticated()
                && auth.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }
}
