package org.tocsin.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;

/**
 * Writes every 404 answered to an authenticated API caller to the audit trail as a denial. The API
 * answers 404 alike for what does not exist and for what the caller may not see, so that existence
 * stays hidden from the caller; the trail shows auditors who probed for what. The entry is written
 * when the status is set, before any of the answer reaches the caller.
 */
class NotFoundAudit extends OncePerRequestFilter {

    private final AuditTrail audit;

    NotFoundAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {

            private boolean recorded;

            @Override
            public void setStatus(int status) {
                note(status);
                super.setStatus(status);
            }

            @Override
            public void sendError(int status) throws IOException {
                note(status);
                super.sendError(status);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                note(status);
                super.sendError(status, message);
            }

            private void note(int status) {
                var auth = SecurityContextHolder.getContext().getAuthentication();
                if (status == 404 && !recorded && auth != null && auth.isAuthenticated()
                        && !(auth instanceof AnonymousAuthenticationToken)) {
                    recorded = true;
                    audit.record("access.denied", request.getMethod() + " " + request.getRequestURI(), Outcome.DENIED,
                            "not found, or not visible to the caller");
                }
            }
        });
    }
}
