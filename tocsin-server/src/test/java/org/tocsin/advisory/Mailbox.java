package org.tocsin.advisory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.tocsin.ApiClient;
import org.tocsin.Accounts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.json;
import static org.tocsin.advisory.AdvisoryJson.read;

/** A GreenMail SMTP server for one test class, and the steps that take an advisory to publication. */
final class Mailbox {

    final GreenMail smtp;

    Mailbox() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    int port() {
        return smtp.getSmtp().getPort();
    }

    void stop() {
        smtp.stop();
    }

    /**
     * The messages received for exactly this address whose subject contains {@code subject}, waiting
     * up to 15 s for {@code expected} of them; with {@code expected} 0, what has arrived after a second.
     */
    List<MimeMessage> to(String address, String subject, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 15).toNanos();
        while (true) {
            var found = new ArrayList<MimeMessage>();
            for (var message : smtp.getReceivedMessages()) {
                if (recipients(message).contains(address) && message.getSubject().contains(subject)) {
                    found.add(message);
                }
            }
            if ((expected > 0 && found.size() >= expected) || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(100);
        }
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        var all = message.getAllRecipients();
        return all == null ? List.of() : Arrays.stream(all).map(Address::toString).toList();
    }

    /** Creates, submits, approves and publishes an advisory; its id. */
    static String publish(ApiClient api, Accounts.Account author, Accounts.Account approver, Object draft) {
        var created = api.post("/api/v1/advisories", author.token(), json(draft));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = read(created.body()).get("id").asString();
        approveAndPublish(api, author, approver, id);
        return id;
    }

    static void approveAndPublish(ApiClient api, Accounts.Account author, Accounts.Account approver, String id) {
        assertThat(api.post("/api/v1/advisories/" + id + "/submit", author.token(), null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/advisories/" + id + "/approve", approver.token(), null).status()).isEqualTo(200);
        var published = api.post("/api/v1/advisories/" + id + "/publish", approver.token(), null);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
    }
}
