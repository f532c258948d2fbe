package org.tocsin.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.tocsin.audit.AuditTrail;
import org.tocsin.audit.Outcome;
import org.tocsin.membership.Membership;

import tools.jackson.databind.ObjectMapper;

/**
 * Two filter chains, both deny-by-default. The API chain ({@code /api/**}, {@code /taxii2/**}) is
 * stateless and accepts only personal API tokens in a header, so it needs no CSRF protection; the
 * portal chain uses the session cookie, CSRF tokens and the two-step sign-in. On top of these
 * URL rules every controller method declares its own rule ({@code @PreAuthorize} or
 * {@code @PermitAll}), which {@code EndpointAccessTests} checks for every endpoint.
 */
@Configuration
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /** Keys written in this repository (the tests'): known to everyone, so never a production key. */
    private static final java.util.Set<String> PUBLISHED_KEYS = java.util.Set.of("q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=");

    @Bean
    SecretBox secretBox(IdentitySettings settings, Environment environment,
            @Value("${tocsin.data-dir:./data}") Path dataDir) throws IOException {
        var configured = settings.secretKey();
        boolean production = environment.acceptsProfiles(Profiles.of("production"));
        if (configured == null || configured.isBlank()) {
            if (production) {
                throw new IllegalStateException("Production mode needs TOCSIN_SECRET_KEY: base64 of 32 random bytes "
                        + "(for example: openssl rand -base64 32)");
            }
            return new SecretBox(generatedKey(dataDir.resolve("secret-key")));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tocsin.identity.secret-key is not base64");
        }
        if (production && (key.length != 32 || Arrays.equals(key, new byte[32]) || new String(key).chars().distinct().count() < 8
                || PUBLISHED_KEYS.contains(configured.strip()))) {
            throw new IllegalStateException("Production mode refuses a default or weak TOCSIN_SECRET_KEY: "
                    + "use base64 of 32 random bytes");
        }
        return new SecretBox(key);
    }

    /** The default mode keeps its generated key beside its database, readable by the owner only. */
    private static byte[] generatedKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).strip());
        }
        Files.createDirectories(file.getParent());
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the data folder's own protection applies
        }
        return key;
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, Membership membership, AuditTrail audit,
            Clock clock, IdentitySettings settings, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (!response.isCommitted()) {
                audit.record("anonymous", "access.denied", request.getMethod() + " " + request.getRequestURI(),
                        Outcome.DENIED, "no valid credentials");
                response.setHeader("WWW-Authenticate", "Bearer realm=\"tocsin\"");
                problem(json, response, 401, "Unauthorized",
                        "Send a personal API token: Authorization: Bearer <token> (or HTTP Basic with your username and the token)");
            }
        };
        AccessDeniedHandler denied = (request, response, e) -> {
            audit.record("access.denied", request.getMethod() + " " + request.getRequestURI(), Outcome.DENIED,
                    "not permitted");
            problem(json, response, 403, "Forbidden", "You are not allowed to do this");
        };
        http.securityMatcher("/api/**", "/taxii2/**")
                // No cookie is read on these paths (stateless, tokens in headers only), so CSRF cannot apply.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.disable())
                .addFilterBefore(new TokenAuthenticationFilter(tokens, audit, unauthenticated), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new LivenessFilter(membership, audit, clock, settings), AuthorizationFilter.class)
                .addFilterAfter(new NotFoundAudit(audit), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET).hasAuthority(Authorities.MEMBER)
                        .requestMatchers(HttpMethod.HEAD).hasAuthority(Authorities.MEMBER)
                        .anyRequest().access(writer()))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .headers(this::headers);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portal(HttpSecurity http, PasswordStep passwordStep, Membership membership, Credentials credentials,
            AuditTrail audit, Clock clock, IdentitySettings settings) throws Exception {
        http.securityMatcher(AnyRequestMatcher.INSTANCE)
                // A manager of its own with no parent: the global one holds the same PasswordStep bean, and
                // as a parent it would run every refused attempt a second time, counting it twice.
                .authenticationManager(new ProviderManager(passwordStep))
                .formLogin(form -> form.loginPage("/sign-in").loginProcessingUrl("/sign-in")
                        .successHandler((request, response, auth) -> {
                            request.getSession().setAttribute(LivenessFilter.PASSWORD_AT, clock.millis());
                            var enrolled = membership.personByUsername(auth.getName())
                                    .flatMap(p -> credentials.stored(p.id()))
                                    .map(Credentials.Stored::totpEnrolled).orElse(false);
                            response.sendRedirect(enrolled ? "/sign-in/code" : "/sign-in/enrol");
                        })
                        .failureUrl("/sign-in?error"))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out")
                        .addLogoutHandler((request, response, auth) -> {
                            if (auth != null) {
                                audit.record(auth.getName(), "sign-out", "person:" + auth.getName(), Outcome.SUCCESS, "");
                            }
                        }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterBefore(new LivenessFilter(membership, audit, clock, settings), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/sign-in", "/invitations/**", "/webjars/**", "/assets/**", "/css/**", "/js/**", "/images/**",
                                "/favicon.ico", "/error", "/actuator/health").permitAll()
                        .requestMatchers("/sign-in/**").hasAuthority(Authorities.FACTOR_PASSWORD)
                        .anyRequest().hasAuthority(Authorities.MEMBER))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            audit.record("anonymous", "access.denied", request.getMethod() + " " + request.getRequestURI(),
                                    Outcome.DENIED, "not signed in");
                            response.sendRedirect("/sign-in");
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            audit.record("access.denied", request.getMethod() + " " + request.getRequestURI(),
                                    Outcome.DENIED, "not permitted");
                            response.sendError(403);
                        }))
                .headers(this::headers);
        return http.build();
    }

    /** Writing (anything but GET and HEAD) needs a full member, and never a read-only token. */
    private static AuthorizationManager<RequestAuthorizationContext> writer() {
        return (Supplier<? extends Authentication> auth, RequestAuthorizationContext context) -> {
            var authorities = auth.get() == null ? java.util.List.<String>of()
                    : auth.get().getAuthorities().stream().map(a -> a.getAuthority()).toList();
            return new AuthorizationDecision(authorities.contains(Authorities.MEMBER)
                    && !authorities.contains(Authorities.READ_ONLY));
        };
    }

    private void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .httpStrictTransportSecurity(hsts -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)
                        .maxAgeInSeconds(31_536_000).includeSubDomains(true))
                .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                .frameOptions(f -> f.deny())
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                        "camera=(), microphone=(), geolocation=(), payment=(), usb=()"))
                .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin"));
    }

    static void problem(ObjectMapper json, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body));
    }
}
