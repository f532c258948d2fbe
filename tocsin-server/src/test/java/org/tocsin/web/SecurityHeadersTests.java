package org.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

/**
 * What every kind of response tells a browser to enforce, what the server answers to methods and
 * paths it does not offer, and that an account's secrets never come back in any answer to it.
 */
@TocsinTest
class SecurityHeadersTests {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void everyKindOfResponseCarriesTheProtectiveHeaders() {
        var member = accounts.member(accounts.organisation("telecoms"), Role.SECURITY_LEAD);
        var portal = signedIn(member);
        var anonymous = new PortalClient(port);
        var responses = new LinkedHashMap<String, HttpHeaders>();

        var home = portal.get("/");
        assertThat(home.status()).isEqualTo(200);
        responses.put("signed-in HTML page", home.headers());
        var signIn = anonymous.get("/sign-in");
        assertThat(signIn.status()).isEqualTo(200);
        responses.put("sign-in page", signIn.headers());
        var me = api.get("/api/v1/me", member.token());
        assertThat(me.status()).isEqualTo(200);
        responses.put("API response", me.headers());
        var apiMissing = api.get("/api/v1/no-such-thing", member.token());
        assertThat(apiMissing.status()).isEqualTo(404);
        assertThat(apiMissing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        responses.put("404 under /api", apiMissing.headers());
        var apiRefused = api.get("/api/v1/me", null);
        assertThat(apiRefused.status()).isEqualTo(401);
        responses.put("401 under /api", apiRefused.headers());
        var pageMissing = portal.get("/no-such-page");
        assertThat(pageMissing.status()).isEqualTo(404);
        assertThat(pageMissing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        responses.put("404 page", pageMissing.headers());
        var health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        responses.put("health", health.headers());

        responses.forEach(SecurityHeadersTests::assertProtective);
    }

    @Test
    void healthSaysUpToAnybodyAndNothingMore() {
        var health = send("GET", "/actuator/health", Map.of());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void noOtherActuatorEndpointIsServedEvenToTheAuthoritysAdministrator() {
        var admin = accounts.staff(Role.ADMIN);
        var portal = signedIn(admin);
        var anonymous = new PortalClient(port);
        for (var path : List.of("/actuator", "/actuator/env", "/actuator/info", "/actuator/beans", "/actuator/configprops",
                "/actuator/mappings", "/actuator/metrics", "/actuator/loggers", "/actuator/heapdump", "/actuator/threaddump",
                "/actuator/sessions", "/actuator/flyway", "/actuator/scheduledtasks", "/actuator/health/db",
                "/actuator/health/diskSpace", "/actuator/health/liveness")) {
            assertThat(portal.get(path).status()).as("%s signed in as administrator", path).isEqualTo(404);
            assertThat(anonymous.get(path).status()).as("%s anonymously", path).isBetween(300, 499);
            assertThat(api.get(path, admin.token()).status()).as("%s with the administrator's token", path)
                    .isBetween(300, 499);
        }
        assertThat(send("POST", "/actuator/shutdown", bearer(admin.token())).statusCode())
                .isBetween(300, 499);
    }

    @Test
    void undeclaredMethodsAreRefusedWithoutEffectOrTrace() {
        var auditor = accounts.staff(Role.AUDITOR);
        var admin = accounts.staff(Role.ADMIN);
        var member = accounts.member(accounts.organisation("telecoms"), Role.ORG_ADMIN);
        var calls = new LinkedHashMap<String, HttpResponse<String>>();
        calls.put("PATCH /api/v1/me", send("PATCH", "/api/v1/me", bearer(member.token())));
        calls.put("POST /api/v1/me", send("POST", "/api/v1/me", bearer(member.token())));
        calls.put("DELETE /api/v1/me", send("DELETE", "/api/v1/me", bearer(member.token())));
        calls.put("PUT /api/v1/sectors", send("PUT", "/api/v1/sectors", bearer(member.token())));
        calls.put("DELETE /api/v1/audit", send("DELETE", "/api/v1/audit", bearer(auditor.token())));
        calls.put("POST /api/v1/audit/verify", send("POST", "/api/v1/audit/verify", bearer(auditor.token())));
        calls.put("PATCH /api/v1/people/{id}/roles", send("PATCH", "/api/v1/people/" + member.person().id() + "/roles",
                bearer(admin.token())));
        calls.put("PUT /api/v1/tokens", send("PUT", "/api/v1/tokens", bearer(member.token())));
        var trace = send("TRACE", "/api/v1/me", bearer(member.token()));
        calls.put("TRACE /api/v1/me", trace);
        var portal = signedIn(member);
        var session = Map.of("Cookie", portal.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; ")));
        calls.put("DELETE / in the portal", send("DELETE", "/", session));
        calls.put("PATCH /audit in the portal", send("PATCH", "/audit", session));

        calls.forEach((call, response) -> {
            assertThat(response.statusCode()).as(call).isIn(403, 405);
            assertThat(response.body()).as(call).doesNotContain("Exception", "\tat ", "org.tocsin", member.token());
        });
        assertThat(trace.body()).doesNotContainIgnoringCase("authorization");
        calls.entrySet().stream().filter(e -> e.getKey().contains("/api/")).forEach(e ->
                assertThat(e.getValue().headers().firstValue("Content-Type")).as(e.getKey())
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json")));
        assertThat(api.get("/api/v1/me", member.token()).body()).as("still a member").contains(member.username());
    }

    @Test
    void anAccountsSecretsNeverComeBackInAnswersToIt() {
        var member = accounts.member(accounts.organisation("telecoms"), Role.ORG_ADMIN);
        var second = api.post("/api/v1/tokens", member.token(), "{\"name\":\"second\",\"expiresInDays\":5}");
        assertThat(second.status()).isEqualTo(201);
        var portal = signedIn(member);

        var answers = new ArrayList<String>();
        for (var path : List.of("/api/v1/me", "/api/v1/tokens", "/api/v1/organisations/" + member.person().organisationId() + "/people")) {
            var reply = api.get(path, member.token());
            assertThat(reply.status()).as(path).isEqualTo(200);
            answers.add(path + "\n" + reply.headers().map() + "\n" + reply.body());
        }
        for (var path : List.of("/", "/profile/tokens", "/organisation", "/organisations/" + member.person().organisationId())) {
            var page = portal.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            answers.add(path + "\n" + page.headers().map() + "\n" + page.body());
        }

        var secretOfSecond = second.body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
        var canaries = new ArrayList<String>(List.of(member.token(), secretOfSecond, member.totpSecret(),
                member.totpSecret().replaceAll("(.{4})", "$1 ").strip(), member.password()));
        canaries.addAll(member.recoveryCodes());
        canaries.addAll(jdbc.sql("SELECT token_hash FROM api_token WHERE person_id = :id").param("id", member.person().id())
                .query(String.class).list());
        canaries.addAll(jdbc.sql("SELECT password_hash, totp_secret FROM credential WHERE person_id = :id")
                .param("id", member.person().id()).query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).single());
        assertThat(canaries).doesNotContainNull().allSatisfy(canary -> assertThat(canary).hasSizeGreaterThan(7));
        for (var answer : answers) {
            for (var canary : canaries) {
                assertThat(answer).as(answer.lines().findFirst().orElseThrow()).doesNotContain(canary);
            }
        }
    }

    private static void assertProtective(String what, HttpHeaders headers) {
        assertThat(headers.firstValue("Content-Security-Policy")).as(what + ": CSP").hasValueSatisfying(csp -> {
            assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
            assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        });
        assertThat(headers.firstValue("Strict-Transport-Security")).as(what + ": HSTS").hasValueSatisfying(hsts -> {
            var maxAge = MAX_AGE.matcher(hsts);
            assertThat(maxAge.find()).as(hsts).isTrue();
            assertThat(Long.parseLong(maxAge.group(1))).isGreaterThanOrEqualTo(31_536_000L);
        });
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what + ": nosniff").contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).as(what + ": Referrer-Policy").hasValueSatisfying(
                policy -> assertThat(policy).isIn("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"));
        assertThat(headers.firstValue("Cache-Control")).as(what + ": Cache-Control").hasValueSatisfying(
                cache -> assertThat(cache).contains("no-store"));
        assertThat(headers.firstValue("X-Frame-Options")).as(what + ": X-Frame-Options").contains("DENY");
        assertThat(headers.map().keySet()).as(what + ": no server banner")
                .noneMatch(name -> name.equalsIgnoreCase("Server") || name.equalsIgnoreCase("X-Powered-By"));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private PortalClient signedIn(Accounts.Account account) {
        var portal = new PortalClient(port);
        assertThat(portal.signIn(account).location()).isEqualTo("/");
        return portal;
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
