package org.tocsin.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;

/**
 * Authenticates API and TAXII requests by personal API token, sent as {@code Authorization: Bearer
 * <token>} or as HTTP Basic with the username and the token as password. A header that is present
 * but wrong is refused at once; it never falls back to anonymous access.
 */
class TokenAuthenticationFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final AuditTrail audit;
    private final AuthenticationEntryPoint refuse;

    TokenAuthenticationFilter(ApiTokens tokens, AuditTrail audit, AuthenticationEntryPoint refuse) {
        this.tokens = tokens;
        this.audit = audit;
        this.refuse = refuse;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        String claimedUser = null;
        String secret = null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            secret = header.substring(7).strip();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                var decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    claimedUser = decoded.substring(0, colon);
                    secret = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException notBase64) {
                secret = null;
            }
        }
        var claimed = claimedUser;
        var holder = tokens.holder(secret)
                .filter(h -> claimed == null || h.username().equalsIgnoreCase(claimed));
        if (holder.isEmpty()) {
            audit.record(claimedUser == null ? "anonymous" : claimedUser, "token.rejected",
                    request.getMethod() + " " + request.getRequestURI(), Outcome.DENIED, "invalid, expired or revoked token");
            SecurityContextHolder.clearContext();
            refuse.commence(request, response, new InsufficientAuthenticationException("invalid token"));
            return;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(Authorities.MEMBER));
        authorities.add(new SimpleGrantedAuthority(Authorities.TOKEN));
        if (holder.get().readOnly()) {
            authorities.add(new SimpleGrantedAuthority(Authorities.READ_ONLY));
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(holder.get().username(), null, authorities));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
