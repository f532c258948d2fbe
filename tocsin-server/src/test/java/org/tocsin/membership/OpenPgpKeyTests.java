package org.tocsin.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.PortalClient;
import org.tocsin.TestKeys;
import org.tocsin.TocsinTest;
import org.tocsin.identity.ApiTokens;

import tools.jackson.databind.json.JsonMapper;

/**
 * People give Tocsin their OpenPGP public key on their profile, over the API or in the portal.
 * A key Tocsin could not encrypt to is refused with a message that says why, and nothing is
 * stored; an accepted key is audited; the service's own key is there for members to fetch.
 */
@TocsinTest
class OpenPgpKeyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Test
    void storesAKeyShowsItAndRemovesIt() {
        var person = accounts.member(accounts.organisation("water"), Role.SECURITY_LEAD);
        var keys = TestKeys.encryptable("Water Lead <" + person.username() + ">");
        assertThat(api().get("/api/v1/profile/openpgp-key", person.token()).status()).isEqualTo(404);

        var uploaded = put(person.token(), keys.publicKey());

        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        var view = JSON.readTree(uploaded.body());
        var fingerprint = view.get("fingerprint").asString();
        assertThat(fingerprint).matches("[0-9A-F]{40}");
        assertThat(view.get("userIds").get(0).asString()).isEqualTo("Water Lead <" + person.username() + ">");
        assertThat(view.get("algorithm").asString()).isEqualTo("ECDH");
        assertThat(JSON.readTree(api().get("/api/v1/profile/openpgp-key", person.token()).body()).get("fingerprint")
                .asString()).isEqualTo(fingerprint);
        assertThat(audited("openpgp.key-uploaded", person)).anyMatch(detail -> detail.contains(fingerprint));

        assertThat(api().call("DELETE", "/api/v1/profile/openpgp-key", person.token(), null).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/profile/openpgp-key", person.token()).status()).isEqualTo(404);
        assertThat(api().call("DELETE", "/api/v1/profile/openpgp-key", person.token(), null).status()).isEqualTo(404);
        assertThat(audited("openpgp.key-removed", person)).anyMatch(detail -> detail.contains(fingerprint));
    }

    @Test
    void refusesEveryKeyItCouldNotEncryptToAndStoresNothing() {
        var person = accounts.member(accounts.organisation("water"), Role.EXECUTIVE);
        var good = TestKeys.encryptable("Good <" + person.username() + ">");
        var corrupted = good.publicKey().replaceFirst("(?m)^([A-Za-z0-9+/]{20})[A-Za-z0-9+/]{4}", "$1AAAA");
        var cases = Map.of(
                "", "Paste your OpenPGP public key",
                "hello, this is my key", "not an armoured OpenPGP public key",
                good.privateKeyArmoured(), "This is a private key: never share it",
                TestKeys.signingOnly("Signer <s@test.example>").publicKey(), "has no encryption key",
                TestKeys.expired("Old <o@test.example>").publicKey(), "expired on",
                TestKeys.twoKeys(), "holds 2 keys",
                corrupted, "could not be read",
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n" + "A".repeat(70_000) + "\n-----END PGP PUBLIC KEY BLOCK-----\n",
                "at most 65536 are accepted");
        cases.forEach((key, message) -> {
            var reply = put(person.token(), key);
            assertThat(reply.status()).as(message + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(reply.body()).contains("\"field\":\"key\"", message);
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person_openpgp_key WHERE person_id = :p").param("p", person.person().id())
                .query(Integer.class).single()).isZero();
        assertThat(audited("openpgp.key-uploaded", person)).isEmpty();
    }

    @Test
    void takesTheArmouredKeyAsItIsAndRefusesUnknownProperties() {
        var person = accounts.member(accounts.organisation("water"), Role.ANALYST);
        var keys = TestKeys.encryptable("Analyst <" + person.username() + ">");
        var empty = api().call("PUT", "/api/v1/profile/openpgp-key", person.token(), "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("Paste your OpenPGP public key");
        var unknown = api().call("PUT", "/api/v1/profile/openpgp-key", person.token(),
                "{\"key\":\"x\",\"owner\":\"someone-else\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown property 'owner'");
        var plain = armoured(person.token(), keys.publicKey());
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    }

    @Test
    void onlyTheSignedInPersonChangesTheirKeyAndAReadOnlyTokenCannot() {
        var person = accounts.member(accounts.organisation("water"), Role.EXECUTIVE);
        var readOnly = tokens.create(person.person(), "ro", Duration.ofDays(1), true).secret();
        var key = TestKeys.encryptable("P <" + person.username() + ">").publicKey();

        assertThat(put(null, key).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/profile/openpgp-key", null).status()).isEqualTo(401);
        assertThat(put(readOnly, key).status()).isEqualTo(403);
        assertThat(api().call("DELETE", "/api/v1/profile/openpgp-key", readOnly, null).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/openpgp/service-key", null).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person_openpgp_key WHERE person_id = :p").param("p", person.person().id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void thePortalPageTakesAKeyShowsErrorsAndOffersTheServiceKey() {
        var person = accounts.member(accounts.organisation("water"), Role.EXECUTIVE);
        var portal = new PortalClient(port);
        portal.signIn(person);
        var page = portal.get("/profile/openpgp");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("You have not given Tocsin a key", "id=\"service-fingerprint\"");

        var refused = portal.post("/profile/openpgp", Map.of("key", TestKeys.signingOnly("S <s@test.example>").publicKey()));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("There is a problem", "has no encryption key");

        var keys = TestKeys.encryptable("Portal <" + person.username() + ">");
        var saved = portal.post("/profile/openpgp", Map.of("key", keys.publicKey()));
        assertThat(saved.location()).isEqualTo("/profile/openpgp");
        var shown = portal.get("/profile/openpgp");
        var fingerprint = JSON.readTree(api().get("/api/v1/profile/openpgp-key", person.token()).body()).get("fingerprint")
                .asString();
        assertThat(shown.body()).contains(fingerprint, "Remove my key");

        var serviceKey = portal.get("/openpgp/service-key.asc");
        assertThat(serviceKey.status()).isEqualTo(200);
        assertThat(serviceKey.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(serviceKey.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").doesNotContain("PRIVATE");
        assertThat(page.body()).contains(serviceKey.headers().firstValue("X-OpenPGP-Fingerprint").orElseThrow());

        assertThat(portal.post("/profile/openpgp/removal", Map.of()).location()).isEqualTo("/profile/openpgp");
        assertThat(api().get("/api/v1/profile/openpgp-key", person.token()).status()).isEqualTo(404);
    }

    private ApiClient.Reply put(String token, String key) {
        return api().call("PUT", "/api/v1/profile/openpgp-key", token, JSON.writeValueAsString(Map.of("key", key)));
    }

    /** The armoured key as the body, {@code Content-Type: application/pgp-keys}, as {@code curl -T key.asc} sends it. */
    private ApiClient.Reply armoured(String token, String key) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/api/v1/profile/openpgp-key")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/pgp-keys")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(key)).build();
            var response = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Reply(response.statusCode(), response.body(), response.headers());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private java.util.List<String> audited(String action, Accounts.Account person) {
        return jdbc.sql("SELECT detail FROM audit_entry WHERE action = :action AND actor = :actor")
                .param("action", action).param("actor", person.username()).query(String.class).list();
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
