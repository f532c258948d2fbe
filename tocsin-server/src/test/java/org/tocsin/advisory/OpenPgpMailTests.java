package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.Mails;
import org.tocsin.PortalClient;
import org.tocsin.TestKeys;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Role;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Advisory mail as its recipients receive it from a real SMTP server (GreenMail), read the way a
 * recipient's OpenPGP software reads it: a recipient without a key gets a signed message with the
 * label and a link and no word of the advisory; one with a key gets the advisory encrypted to it,
 * which decrypts with their private key and verifies against the service key that members fetch
 * from Tocsin; TLP:RED never travels by mail, key or no key.
 */
@TocsinTest
@DirtiesContext
class OpenPgpMailTests {

    private static final String BASE_URL = "https://tocsin.test";
    private static final GreenMail SMTP = startSmtp();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("tocsin.mail.send-interval", () -> "200ms");
        registry.add("tocsin.membership.base-url", () -> BASE_URL);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aKeylessRecipientsMailHoldsNoAdvisoryTextAndIsSignedByTheService() throws Exception {
        var organisation = accounts.organisation("insurance");
        var keyless = accounts.member(organisation, Role.EXECUTIVE);
        var id = publish(draft("TLP:AMBER", audience(List.of(), List.of(organisation.id()), List.of(), List.of())));

        var mail = mailsTo(keyless.username(), 1).get(0);

        assertThat(Mails.type(mail)).isEqualTo("multipart/signed");
        var raw = Mails.raw(mail);
        assertThat(raw).doesNotContain(AdvisoryJson.TITLE, "negotiating", "foreign state", "careful", "lure",
                AdvisoryJson.ACTION, "update-check", "Search the proxy logs");
        var signed = Mails.signed(mail);
        assertThat(signed.text()).startsWith("TLP:AMBER").contains(BASE_URL + "/advisories/" + id)
                .contains(BASE_URL + "/profile/openpgp");
        assertThat(mail.getSubject()).isEqualTo("Tocsin: a new advisory for you [TLP:AMBER]");
        assertThat(TestKeys.verifyDetached(signed.signedPart(), signed.signature(), serviceKey(keyless))).isTrue();
        var tampered = new String(signed.signedPart(), StandardCharsets.US_ASCII).replace("TLP:AMBER", "TLP:CLEAR")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(TestKeys.verifyDetached(tampered, signed.signature(), serviceKey(keyless))).isFalse();
    }

    @Test
    void anEncryptedMailDecryptsWithTheRecipientsKeyAndVerifiesAgainstTheServiceKey() throws Exception {
        var organisation = accounts.organisation("insurance");
        var holder = accounts.member(organisation, Role.SECURITY_LEAD);
        var keys = TestKeys.encryptable("Key Holder <" + holder.username() + ">");
        var uploaded = api().call("PUT", "/api/v1/profile/openpgp-key", holder.token(), json(Map.of("key", keys.publicKey())));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        var fingerprint = read(uploaded.body()).get("fingerprint").asString();

        var id = publish(draft("TLP:AMBER", audience(List.of(), List.of(organisation.id()), List.of(), List.of())));
        var mail = mailsTo(holder.username(), 1).get(0);

        assertThat(Mails.type(mail)).isEqualTo("multipart/encrypted");
        assertThat(mail.getSubject()).isEqualTo("Tocsin: a new advisory for you [TLP:AMBER]");
        assertThat(Mails.raw(mail)).doesNotContain(AdvisoryJson.TITLE, "negotiating", "careful", AdvisoryJson.ACTION);
        var opened = TestKeys.decrypt(Mails.encrypted(mail), keys.secret(), serviceKey(holder));
        assertThat(opened.signatureValid()).as("signed by the service key members fetch").isTrue();
        assertThat(opened.integrityProtected()).isTrue();
        var text = Mails.entityText(opened.plaintext());
        var copy = read(api().get("/api/v1/advisories/" + id, holder.token()).body());
        var serial = copy.get("copy").get("serial").asString();
        // The mail carries the reader's own fingerprinted copy (issue 4), the same words as in the portal.
        assertThat(copy.get("summary").asString()).isNotEqualTo(AdvisoryJson.SUMMARY);
        assertThat(text).startsWith("TLP:AMBER").contains(AdvisoryJson.TITLE, copy.get("summary").asString(), "careful",
                AdvisoryJson.ACTION, "Owner: Executive", "Search the proxy logs", "update-check.example",
                "Your copy: " + serial, BASE_URL + "/advisories/" + id);
        assertThat(text.strip()).endsWith("TLP:AMBER");
        assertThat(jdbc.sql("SELECT encrypted_to FROM mail_outbox WHERE recipient = :to").param("to", holder.username())
                .query(String.class).single()).isEqualTo(fingerprint);
        assertThat(jdbc.sql("SELECT body FROM mail_outbox WHERE recipient = :to").param("to", holder.username())
                .query(String.class).single()).as("the outbox keeps no clear text of it").doesNotContain(AdvisoryJson.TITLE)
                .contains(fingerprint);
    }

    @Test
    void tlpRedNeverCarriesContentEvenToAKey() throws Exception {
        var organisation = accounts.organisation("insurance");
        var named = accounts.member(organisation, Role.EXECUTIVE);
        var keys = TestKeys.encryptable("Named <" + named.username() + ">");
        assertThat(api().call("PUT", "/api/v1/profile/openpgp-key", named.token(), json(Map.of("key", keys.publicKey())))
                .status()).isEqualTo(200);

        var id = publish(draft("TLP:RED", audience(List.of(), List.of(), List.of(named.username()), List.of())));
        var mail = mailsTo(named.username(), 1).get(0);

        assertThat(Mails.type(mail)).isEqualTo("multipart/signed");
        assertThat(Mails.raw(mail)).doesNotContain(AdvisoryJson.TITLE, "negotiating", "careful", AdvisoryJson.ACTION,
                "BEGIN PGP MESSAGE");
        assertThat(Mails.text(mail)).startsWith("TLP:RED").contains(BASE_URL + "/advisories/" + id)
                .contains("never when it is labelled TLP:RED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = :to AND encrypted IS NOT NULL")
                .param("to", named.username()).query(Integer.class).single()).isZero();
    }

    @Test
    void theAdministratorsOutboxShowsAnEncryptedMessageOnlyAsCiphertext() throws Exception {
        var organisation = accounts.organisation("insurance");
        var holder = accounts.member(organisation, Role.EXECUTIVE);
        assertThat(api().call("PUT", "/api/v1/profile/openpgp-key", holder.token(),
                json(Map.of("key", TestKeys.encryptable("H <" + holder.username() + ">").publicKey()))).status()).isEqualTo(200);
        publish(draft("TLP:GREEN", audience(List.of(), List.of(organisation.id()), List.of(), List.of())));
        mailsTo(holder.username(), 1);

        var admin = new PortalClient(port);
        admin.signIn(accounts.staff(Role.ADMIN));
        var outbox = admin.get("/admin/outbox");

        assertThat(outbox.status()).isEqualTo(200);
        assertThat(outbox.body()).contains(holder.username(), "Encrypted to").doesNotContain(AdvisoryJson.TITLE,
                "negotiating");
    }

    private String publish(Map<String, Object> draft) {
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var created = api().post("/api/v1/advisories", author.token(), json(draft));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = read(created.body()).get("id").asString();
        assertThat(api().post("/api/v1/advisories/" + id + "/submit", author.token(), null).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/advisories/" + id + "/approve", approver.token(), null).status()).isEqualTo(200);
        var published = api().post("/api/v1/advisories/" + id + "/publish", approver.token(), null);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        return id;
    }

    /** The service key as a member fetches it, checked against the fingerprint Tocsin states. */
    private PGPPublicKey serviceKey(Accounts.Account member) {
        var reply = api().get("/api/v1/openpgp/service-key", member.token());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/pgp-keys");
        var key = TestKeys.publicKey(reply.body());
        assertThat(org.bouncycastle.util.encoders.Hex.toHexString(key.getFingerprint()).toUpperCase())
                .isEqualTo(reply.headers().firstValue("X-OpenPGP-Fingerprint").orElseThrow());
        return key;
    }

    private ApiClient api() {
        return new ApiClient(port);
    }

    private static List<MimeMessage> mailsTo(String address, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 20).toNanos();
        while (true) {
            var found = new ArrayList<MimeMessage>();
            for (var message : SMTP.getReceivedMessages()) {
                if (recipients(message).contains(address)) {
                    found.add(message);
                }
            }
            if ((expected > 0 && found.size() >= expected) || System.nanoTime() > deadline) {
                assertThat(found).as("mail to " + address).hasSizeGreaterThanOrEqualTo(expected);
                return found;
            }
            Thread.sleep(100);
        }
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        var all = message.getAllRecipients();
        return all == null ? List.of() : Arrays.stream(all).map(Address::toString).toList();
    }

    private static GreenMail startSmtp() {
        var smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return smtp;
    }
}
