package org.tocsin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.tocsin.Accounts;
import org.tocsin.Accounts.Account;
import org.tocsin.PortalClient;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Role;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * The two-step sign-in as a browser and an attacker meet it, over real HTTP: the session cookie,
 * a new session id at each step, the pending state between the steps, lockout, single-use codes,
 * enrolment, timeouts, sign-out and the ways around the form that must not work (ASVS V6.3, V6.5,
 * V7.2 to V7.4; MISP and OpenCTI authentication bypasses).
 */
@TocsinTest
class SignInTests {

    static final String SESSION = "__Host-SESSION";
    // The per-render CSRF token, in the forms' hidden field and in the page's meta tag for scripts.
    private static final Pattern CSRF_VALUE = Pattern.compile("(name=\"_csrf\" value|name=\"csrf-token\" content)=\"[^\"]*\"");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Credentials credentials;

    @Autowired
    Membership membership;

    @Autowired
    JdbcClient jdbc;

    // ----- the way in -----

    @Test
    void signsInWithPasswordAndCodeAndReachesTheHomePage() {
        var account = executive();
        var portal = portal();

        var afterPassword = portal.password(account.username(), account.password());
        assertThat(afterPassword.status()).isEqualTo(302);
        assertThat(afterPassword.location()).isEqualTo("/sign-in/code");
        portal.get("/sign-in/code");
        var afterCode = portal.post("/sign-in/code", Map.of("code", account.code(0)));
        assertThat(afterCode.status()).isEqualTo(302);
        assertThat(afterCode.location()).isEqualTo("/");

        var home = portal.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains(account.person().displayName(), account.username());
        assertThat(audit("sign-in", account.username(), "SUCCESS")).isEqualTo(1);
    }

    @Test
    void issuesAHostOnlySecureHttpOnlySameSiteSessionCookie() {
        var account = executive();
        var portal = portal();

        var afterPassword = portal.password(account.username(), account.password());
        var cookie = afterPassword.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SESSION + "=")).findFirst().orElseThrow();
        var attributes = Arrays.stream(cookie.split(";")).skip(1).map(String::strip).map(String::toLowerCase).toList();

        assertThat(attributes).contains("secure", "httponly", "path=/");
        assertThat(attributes).anyMatch(a -> a.equals("samesite=lax") || a.equals("samesite=strict"));
        assertThat(attributes).noneMatch(a -> a.startsWith("domain"));
        // No other cookie can carry the session: the id travels in this one cookie only.
        assertThat(portal.cookies().keySet()).containsExactly(SESSION);
    }

    @Test
    void issuesANewSessionIdAtThePasswordStepAndAgainAtTheSecondFactor() {
        var account = executive();
        var portal = portal();

        portal.get("/sign-in");
        var beforeSignIn = portal.cookie(SESSION);
        portal.post("/sign-in", Map.of("username", account.username(), "password", account.password()));
        var pending = portal.cookie(SESSION);
        portal.get("/sign-in/code");
        portal.post("/sign-in/code", Map.of("code", account.code(0)));
        var signedIn = portal.cookie(SESSION);

        assertThat(beforeSignIn).isNotNull();
        assertThat(pending).isNotNull().isNotEqualTo(beforeSignIn);
        assertThat(signedIn).isNotNull().isNotEqualTo(pending).isNotEqualTo(beforeSignIn);
        assertThat(portal.get("/").status()).isEqualTo(200);

        // The ids given up along the way are dead: neither reaches anything behind the sign-in.
        for (var old : List.of(beforeSignIn, pending)) {
            var replay = withSession(old);
            assertThat(replay.get("/").location()).isEqualTo("/sign-in");
            assertThat(replay.get("/sign-in/code").location()).isEqualTo("/sign-in");
        }
    }

    @Test
    void keepsAPasswordOnlySessionOutOfEverythingButTheSecondFactor() {
        // An organisation admin, who once fully signed in may do all of what is tried here.
        var account = accounts.member(organisation(), Role.ORG_ADMIN, Role.EXECUTIVE);
        var organisation = account.person().organisationId();
        var portal = portal();
        portal.password(account.username(), account.password());
        assertThat(portal.get("/sign-in/code").status()).isEqualTo(200);

        for (var path : List.of("/", "/organisation", "/organisations/" + organisation, "/profile/tokens",
                "/admin/organisations", "/audit")) {
            var page = portal.get(path);
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).doesNotContain(account.person().displayName());
        }
        // Nor can it act: an invitation sent from a pending session is refused and nothing is queued.
        var invite = portal.post("/organisations/" + organisation + "/invitations",
                Map.of("email", "skipper@test.example", "displayName", "Skipper", "roles", "EXECUTIVE"));
        assertThat(invite.status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE email = 'skipper@test.example'")
                .query(Integer.class).single()).isZero();
        // The API never reads the session cookie at all.
        var api = HttpClient.newHttpClient();
        var me = send(api, HttpRequest.newBuilder(URI.create(base() + "/api/v1/me"))
                .header("Cookie", SESSION + "=" + portal.cookie(SESSION)).GET());
        assertThat(me.statusCode()).isEqualTo(401);
        // Completing the second factor still works afterwards: the pending session was not spoiled.
        assertThat(portal.post("/sign-in/code", Map.of("code", account.code(0))).location()).isEqualTo("/");
    }

    // ----- refusals that tell an attacker nothing -----

    @Test
    void answersAWrongPasswordExactlyAsAnUnknownUser() {
        var account = executive();
        var wrongPassword = portal();
        var unknownUser = portal();

        var wrong = wrongPassword.password(account.username(), "not the right password at all");
        var unknown = unknownUser.password("nobody-" + System.nanoTime() + "@test.example", "not the right password at all");

        assertThat(wrong.status()).isEqualTo(unknown.status()).isEqualTo(302);
        assertThat(wrong.location()).isEqualTo(unknown.location()).isEqualTo("/sign-in?error");
        var wrongPage = wrongPassword.get(wrong.location());
        var unknownPage = unknownUser.get(unknown.location());
        assertThat(wrongPage.status()).isEqualTo(unknownPage.status()).isEqualTo(200);
        assertThat(withoutCsrf(wrongPage.body())).isEqualTo(withoutCsrf(unknownPage.body()))
                .contains(PasswordStep.REFUSED);
    }

    @Test
    void takesAboutAsLongToRefuseAnUnknownUserAsAWrongPassword() {
        var account = executive();
        var portal = portal();
        portal.get("/sign-in");
        var known = new ArrayList<Long>();
        var unknown = new ArrayList<Long>();
        for (int i = 0; i < 7; i++) {
            var n = i;
            // The account locks after five failures; a locked account must cost a hash as well.
            known.add(timed(() -> portal.post("/sign-in", Map.of("username", account.username(), "password", "wrong password " + n))));
            unknown.add(timed(() -> portal.post("/sign-in", Map.of("username", "ghost" + n + "@test.example", "password", "wrong password"))));
        }
        // Without a hash for unknown users they would answer in a small fraction of the time.
        assertThat(median(unknown)).isGreaterThan(median(known) * 4 / 10);
    }

    @Test
    void refusesASuspendedPersonWithTheSameAnswerAsAWrongPassword() {
        var account = executive();
        membership.suspendPerson(account.person().id(), "left the company");
        var portal = portal();

        var attempt = portal.password(account.username(), account.password());

        assertThat(attempt.location()).isEqualTo("/sign-in?error");
        assertThat(portal.get("/sign-in/code").location()).isEqualTo("/sign-in");
    }

    @Test
    void endsThePendingSessionWhenThePersonIsSuspendedBeforeTheSecondFactor() {
        var account = executive();
        var portal = portal();
        portal.password(account.username(), account.password());
        portal.get("/sign-in/code");
        membership.suspendPerson(account.person().id(), "suspended mid sign-in");

        var afterCode = portal.post("/sign-in/code", Map.of("code", account.code(0)));

        assertThat(afterCode.location()).startsWith("/sign-in");
        var home = portal.get("/");
        assertThat(home.status()).isIn(302, 403);
        assertThat(home.body()).doesNotContain(account.person().displayName());
        assertThat(audit("sign-in", account.username(), "SUCCESS")).isZero();
    }

    @Test
    void refusesEmptyMissingAndOverlongCredentialsWithoutAnError() {
        var account = executive();
        var attempts = List.of(
                Map.<String, String>of(),
                Map.of("username", account.username()),
                Map.of("password", account.password()),
                Map.of("username", "", "password", ""),
                Map.of("username", "x".repeat(300) + "@test.example", "password", account.password()),
                Map.of("username", account.username(), "password", account.password() + "x".repeat(5000)));
        for (var form : attempts) {
            var portal = portal();
            portal.get("/sign-in");
            var attempt = portal.post("/sign-in", form);
            assertThat(attempt.status()).as(form.keySet().toString()).isEqualTo(302);
            assertThat(attempt.location()).as(form.keySet().toString()).isEqualTo("/sign-in?error");
            assertThat(portal.get("/sign-in/code").location()).isEqualTo("/sign-in");
        }
    }

    // ----- lockout -----

    @Test
    void locksTheAccountAfterFiveWrongPasswordsSoTheRightOneFailsToo() {
        var account = executive();
        var portal = portal();
        for (int i = 0; i < 5; i++) {
            assertThat(portal.password(account.username(), "wrong password number " + i).location()).isEqualTo("/sign-in?error");
        }

        var right = portal.password(account.username(), account.password());

        assertThat(right.location()).isEqualTo("/sign-in?error");
        assertThat(portal.get("/sign-in/code").location()).isEqualTo("/sign-in");
        assertThat(portal.get("/").location()).isEqualTo("/sign-in");
        assertThat(audit("account.locked", account.username(), "SUCCESS")).isEqualTo(1);
        assertThat(audit("sign-in.password", account.username(), "FAILURE")).isEqualTo(6);
    }

    @Test
    void countsEachWrongPasswordOnceSoFourDoNotLock() {
        var account = executive();
        var portal = portal();
        for (int i = 0; i < 4; i++) {
            assertThat(portal.password(account.username(), "wrong password number " + i).location()).isEqualTo("/sign-in?error");
        }

        assertThat(portal.signIn(account).location()).isEqualTo("/");
        assertThat(audit("account.locked", account.username(), "SUCCESS")).isZero();
        assertThat(audit("sign-in.password", account.username(), "FAILURE")).isEqualTo(4);
    }

    @Test
    void locksTheAccountAfterFiveWrongCodes() {
        var account = executive();
        var portal = portal();
        portal.password(account.username(), account.password());
        portal.get("/sign-in/code");
        var wrong = wrongCode(account);
        for (int i = 0; i < 4; i++) {
            var attempt = portal.post("/sign-in/code", Map.of("code", wrong));
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.body()).contains("The code is not right");
        }

        var fifth = portal.post("/sign-in/code", Map.of("code", wrong));

        assertThat(fifth.location()).isEqualTo("/sign-in?error");
        assertThat(portal.get("/").location()).isEqualTo("/sign-in");
        assertThat(audit("account.locked", account.username(), "SUCCESS")).isEqualTo(1);
        // Locked now: even the password and a good code do not get in.
        var again = portal();
        assertThat(again.signIn(account, account.code(1)).location()).isEqualTo("/sign-in?error");
        assertThat(again.get("/").location()).isEqualTo("/sign-in");
    }

    // ----- single-use second factors -----

    @Test
    void refusesAnAuthenticatorCodeUsedBefore() {
        var account = executive();
        var code = account.code(0);
        var first = portal();
        assertThat(first.signIn(account, code).location()).isEqualTo("/");
        signOut(first);

        var second = portal();
        var replay = second.signIn(account, code);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).contains("has been used already");
        assertThat(second.get("/").status()).isEqualTo(403);
    }

    @Test
    void acceptsARecoveryCodeOnceOnly() {
        var account = executive();
        var recovery = account.recoveryCodes().get(0);
        var first = portal();
        assertThat(first.signIn(account, recovery).location()).isEqualTo("/");
        assertThat(credentials.remainingRecoveryCodes(account.person().id())).isEqualTo(Credentials.RECOVERY_CODES - 1);
        signOut(first);

        var second = portal();
        var replay = second.signIn(account, recovery);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).contains("has been used already");
        assertThat(second.get("/").status()).isEqualTo(403);
        // Typed the way people type them: without the dash and in capitals, a fresh one still works.
        var third = portal();
        assertThat(third.signIn(account, account.recoveryCodes().get(1).replace("-", "").toUpperCase()).location())
                .isEqualTo("/");
    }

    @Test
    void refusesASecondFactorCodeBelongingToSomeoneElse() {
        var victim = executive();
        var attacker = executive();
        var portal = portal();
        portal.password(victim.username(), victim.password());
        portal.get("/sign-in/code");

        for (var code : List.of(attacker.code(0), attacker.recoveryCodes().get(0))) {
            var attempt = portal.post("/sign-in/code", Map.of("code", code));
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.body()).contains("The code is not right");
        }
        assertThat(portal.get("/").status()).isEqualTo(403);
        // The attacker's codes were not spent by the attempt.
        assertThat(portal().signIn(attacker, attacker.recoveryCodes().get(0)).location()).isEqualTo("/");
    }

    @Test
    void acceptsOneAuthenticatorCodeExactlyOnceUnderConcurrentUse() throws Exception {
        var account = executive();
        var code = account.code(0);

        var successes = concurrently(20, () -> credentials.verifySecondFactor(account.person().id(), account.username(), code));

        assertThat(successes).isEqualTo(1);
    }

    @Test
    void acceptsOneRecoveryCodeExactlyOnceUnderConcurrentUse() throws Exception {
        var account = executive();
        var code = account.recoveryCodes().get(2);

        var successes = concurrently(20, () -> credentials.verifySecondFactor(account.person().id(), account.username(), code));

        assertThat(successes).isEqualTo(1);
        assertThat(credentials.remainingRecoveryCodes(account.person().id())).isEqualTo(Credentials.RECOVERY_CODES - 1);
    }

    // ----- enrolment -----

    @Test
    void enrolsAnAuthenticatorAtFirstSignIn() throws Exception {
        var person = accounts.unenrolled(accounts.organisation("banking"), Role.EXECUTIVE);
        var portal = portal();

        var afterPassword = portal.password(person.username(), person.password());
        assertThat(afterPassword.location()).isEqualTo("/sign-in/enrol");
        // The code page is no way round enrolment.
        portal.get("/sign-in/code");
        assertThat(portal.post("/sign-in/code", Map.of("code", "123456")).location()).isEqualTo("/sign-in");
        portal = portal();
        portal.password(person.username(), person.password());
        var form = portal.get("/sign-in/enrol");
        assertThat(form.status()).isEqualTo(200);
        var matcher = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<").matcher(form.body());
        assertThat(matcher.find()).isTrue();
        var secret = matcher.group(1).replace(" ", "");

        var qr = png(portal.cookie(SESSION), "/sign-in/enrol/qr.png");
        assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(qr.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        var image = ImageIO.read(new ByteArrayInputStream(qr.body()));
        assertThat(image).isNotNull();
        assertThat(qrText(image)).startsWith("otpauth://totp/").contains("secret=" + secret, "issuer=Tocsin");

        var wrong = portal.post("/sign-in/enrol", Map.of("code", wrongCode(secret)));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("Enter the 6-digit code your authenticator app shows");
        assertThat(portal.get("/").status()).isEqualTo(403);

        portal.get("/sign-in/enrol");
        var right = portal.post("/sign-in/enrol", Map.of("code", Totp.code(secret, Totp.stepAt(Instant.now()))));
        assertThat(right.status()).isEqualTo(200);
        var codes = Pattern.compile("<li>([a-z2-7]{5}-[a-z2-7]{5})</li>").matcher(right.body()).results().map(m -> m.group(1)).toList();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        var home = portal.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains(person.username());
        // Enrolment is over: the secret and its picture are not shown again.
        assertThat(png(portal.cookie(SESSION), "/sign-in/enrol/qr.png").statusCode()).isNotEqualTo(200);
        // And the codes shown are real: one signs in on another device.
        signOut(portal);
        var other = portal();
        other.password(person.username(), person.password());
        other.get("/sign-in/code");
        assertThat(other.post("/sign-in/code", Map.of("code", codes.get(0))).location()).isEqualTo("/");
    }

    // ----- the end of a session -----

    @Test
    void signingOutEndsTheSessionEverywhereItsCookieIsHeld() {
        var account = executive();
        var portal = portal();
        portal.signIn(account);
        var cookie = portal.cookie(SESSION);
        var copy = withSession(cookie);
        assertThat(copy.get("/").status()).isEqualTo(200);

        var signedOut = signOut(portal);

        assertThat(signedOut.location()).isEqualTo("/sign-in?signed-out");
        assertThat(copy.get("/").location()).isEqualTo("/sign-in");
        assertThat(withSession(cookie).get("/organisation").location()).isEqualTo("/sign-in");
        assertThat(audit("sign-out", account.username(), "SUCCESS")).isEqualTo(1);
    }

    // ----- ways around the form -----

    @Test
    void refusesASignInPostWithoutAValidCsrfToken() {
        var account = executive();
        var fresh = portal();
        var noToken = fresh.post("/sign-in", Map.of("username", account.username(), "password", account.password()));
        assertThat(noToken.status()).isEqualTo(403);

        var withSession = portal();
        withSession.get("/sign-in");
        var badToken = withSession.post("/sign-in",
                Map.of("username", account.username(), "password", account.password(), "_csrf", "forged"));
        assertThat(badToken.status()).isEqualTo(403);
        assertThat(withSession.get("/sign-in/code").location()).isEqualTo("/sign-in");
        assertThat(audit("sign-in.password", account.username(), "SUCCESS")).isZero();
    }

    @Test
    void doesNotAuthenticateThroughOtherMethods() {
        var account = executive();
        var credentials = "username=" + account.username() + "&password=" + account.password().replace(" ", "+");
        var portal = portal();
        var form = portal.get("/sign-in");
        var token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body()).results()
                .findFirst().orElseThrow().group(1);
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var cookie = SESSION + "=" + portal.cookie(SESSION);

        var get = send(http, HttpRequest.newBuilder(URI.create(base() + "/sign-in?" + credentials)).header("Cookie", cookie).GET());
        assertThat(get.statusCode()).isEqualTo(200);
        for (var method : List.of("PUT", "PATCH", "DELETE")) {
            var other = send(http, HttpRequest.newBuilder(URI.create(base() + "/sign-in"))
                    .header("Cookie", cookie).header("X-CSRF-TOKEN", token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(credentials + "&_csrf=" + token)));
            assertThat(other.statusCode()).as(method).isEqualTo(405);
        }

        assertThat(portal.get("/sign-in/code").location()).isEqualTo("/sign-in");
        assertThat(portal.get("/").location()).isEqualTo("/sign-in");
        assertThat(audit("sign-in.password", account.username(), "SUCCESS")).isZero();
    }

    // ----- timeouts, with short limits in a context of their own -----

    @Nested
    @TestPropertySource(properties = {"tocsin.identity.second-factor-timeout=2s",
            "spring.session.timeout=4s", "server.servlet.session.timeout=4s",
            "tocsin.identity.absolute-session-timeout=6s"})
    class WithShortTimeouts {

        @LocalServerPort
        int shortPort;

        @Autowired
        Accounts shortAccounts;

        @Autowired
        JdbcClient shortJdbc;

        @Test
        void endsAPendingSessionWhoseSecondFactorComesTooLate() throws InterruptedException {
            var account = shortAccounts.member(shortAccounts.organisation("banking"), Role.EXECUTIVE);
            var portal = new PortalClient(shortPort);
            portal.password(account.username(), account.password());
            assertThat(portal.get("/sign-in/code").status()).isEqualTo(200);

            Thread.sleep(2_500);

            var late = portal.post("/sign-in/code", Map.of("code", account.code(0)));
            assertThat(late.location()).isEqualTo("/sign-in");
            assertThat(portal.get("/").location()).isEqualTo("/sign-in");
            assertThat(expiries(account)).isEqualTo(1);
        }

        @Test
        void endsASessionAtTheAbsoluteTimeoutHoweverBusy() throws InterruptedException {
            var account = shortAccounts.member(shortAccounts.organisation("banking"), Role.EXECUTIVE);
            var portal = new PortalClient(shortPort);
            long started = System.nanoTime();
            assertThat(portal.signIn(account).location()).isEqualTo("/");

            // Busy all the time, so the idle timeout never applies; the absolute one does.
            while (System.nanoTime() - started < 5_000_000_000L) {
                assertThat(portal.get("/").status()).isEqualTo(200);
                Thread.sleep(500);
            }
            Thread.sleep(2_000);

            assertThat(portal.get("/").location()).isEqualTo("/sign-in");
            assertThat(expiries(account)).isEqualTo(1);
        }

        @Test
        void endsASessionLeftIdle() throws InterruptedException {
            var account = shortAccounts.member(shortAccounts.organisation("banking"), Role.EXECUTIVE);
            var portal = new PortalClient(shortPort);
            assertThat(portal.signIn(account).location()).isEqualTo("/");
            assertThat(portal.get("/").status()).isEqualTo(200);

            Thread.sleep(4_500);

            assertThat(portal.get("/").location()).isEqualTo("/sign-in");
            // Well before the absolute timeout: it was the idle one.
            assertThat(expiries(account)).isZero();
        }

        private int expiries(Account account) {
            return shortJdbc.sql("""
                    SELECT COUNT(*) FROM audit_entry
                    WHERE action = 'session.expired' AND target = :target AND outcome = 'DENIED'""")
                    .param("target", "person:" + account.username()).query(Integer.class).single();
        }
    }

    // ----- helpers -----

    private Account executive() {
        return accounts.member(organisation(), Role.EXECUTIVE);
    }

    private Organisation organisation() {
        return accounts.organisation("banking");
    }

    private PortalClient portal() {
        return new PortalClient(port);
    }

    private PortalClient withSession(String cookie) {
        var client = portal();
        client.setCookie(SESSION, cookie);
        return client;
    }

    private PortalClient.Page signOut(PortalClient portal) {
        portal.get("/");
        return portal.post("/sign-out", Map.of());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private int audit(String action, String username, String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = :action AND target = :target AND outcome = :outcome")
                .param("action", action).param("target", "person:" + username).param("outcome", outcome)
                .query(Integer.class).single();
    }

    private static String withoutCsrf(String body) {
        return CSRF_VALUE.matcher(body).replaceAll("");
    }

    /** A six-digit code that is right for none of the steps the server accepts now. */
    private static String wrongCode(Account account) {
        return wrongCode(account.totpSecret());
    }

    private static String wrongCode(String secret) {
        long now = Totp.stepAt(Instant.now());
        var valid = List.of(Totp.code(secret, now - 1), Totp.code(secret, now), Totp.code(secret, now + 1),
                Totp.code(secret, now + 2));
        for (int i = 0; ; i++) {
            var candidate = String.format("%06d", (i * 137_911) % 1_000_000);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static int concurrently(int threads, Callable<Boolean> attempt) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var ready = new CountDownLatch(threads);
            var go = new CountDownLatch(1);
            var futures = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.call();
                }));
            }
            ready.await();
            go.countDown();
            int successes = 0;
            for (var future : futures) {
                successes += future.get() ? 1 : 0;
            }
            return successes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private HttpResponse<byte[]> png(String session, String path) throws IOException, InterruptedException {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", SESSION + "=" + session).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String qrText(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
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
