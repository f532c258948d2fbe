package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.advisory.AdvisoryJson.audience;
import static org.tocsin.advisory.AdvisoryJson.draft;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.Accounts;
import org.tocsin.ApiClient;
import org.tocsin.Mails;
import org.tocsin.TocsinTest;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Role;

/**
 * Reminders and escalation with time moved forward on the injected clock, the mail arriving in
 * GreenMail: one reminder after the severity's period, one escalation to the organisation's other
 * recipients and admins after another, nothing for those who acknowledged, nothing after
 * withdrawal, and still exactly one of each when runs overlap. The clock only ever moves forward,
 * so leases and sessions stay coherent.
 */
@TocsinTest
@DirtiesContext
@Import(FollowUpTests.MovableClock.Configuration.class)
class FollowUpTests {

    private static final Mailbox MAIL = new Mailbox();
    private static final String REMINDER = "awaits your acknowledgement";
    private static final String ESCALATION = "has not been acknowledged";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", MAIL::port);
        registry.add("tocsin.mail.send-interval", () -> "200ms");
        registry.add("tocsin.advisory.follow-up.initial-delay", () -> "1h"); // the tests run the job themselves
    }

    @AfterAll
    static void stopSmtp() {
        MAIL.stop();
    }

    /** The system clock, moved forward by the tests. */
    static final class MovableClock extends Clock {

        private final AtomicLong offsetMillis = new AtomicLong();

        @TestConfiguration
        static class Configuration {

            @Bean
            @Primary
            MovableClock movableClock() {
                return new MovableClock();
            }
        }

        void advance(Duration by) {
            offsetMillis.addAndGet(by.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Membership membership;

    @Autowired
    MovableClock clock;

    @Autowired
    FollowUp followUp;

    @Test
    void remindsOnceAfterTheSeverityPeriodAndEscalatesOnceAfterAnother() throws Exception {
        var a = accounts.organisation("insurance");
        var executive = accounts.member(a, Role.EXECUTIVE);
        var lead = accounts.member(a, Role.SECURITY_LEAD);
        var admin = accounts.member(a, Role.ORG_ADMIN);
        var analyst = accounts.member(a, Role.ANALYST);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var body = draft("TLP:AMBER", audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE", "SECURITY_LEAD")));
        body.put("severity", "CRITICAL");
        var id = Mailbox.publish(api(), author, approver, body);
        assertThat(api().post("/api/v1/advisories/" + id + "/acknowledgement", lead.token(), "{}").status()).isEqualTo(200);

        clock.advance(Duration.ofHours(3).plusMinutes(59));
        followUp.run();
        assertThat(MAIL.to(executive.username(), REMINDER, 0)).as("not yet four hours").isEmpty();

        clock.advance(Duration.ofMinutes(2));
        followUp.run();
        followUp.run();
        var reminders = MAIL.to(executive.username(), REMINDER, 1);
        assertThat(reminders).hasSize(1);
        assertThat(reminders.get(0).getSubject()).isEqualTo("Tocsin: an advisory awaits your acknowledgement [TLP:AMBER]");
        assertThat(Mails.text(reminders.get(0))).startsWith("TLP:AMBER").contains("/advisories/" + id)
                .doesNotContain(AdvisoryJson.TITLE, "lure", AdvisoryJson.ACTION);
        assertThat(MAIL.to(lead.username(), REMINDER, 0)).as("acknowledged").isEmpty();
        assertThat(MAIL.to(executive.username(), ESCALATION, 0)).isEmpty();
        assertThat(MAIL.to(admin.username(), ESCALATION, 0)).as("not yet twice the period").isEmpty();

        clock.advance(Duration.ofHours(4));
        followUp.run();
        followUp.run();
        var toLead = MAIL.to(lead.username(), ESCALATION, 1);
        var toAdmin = MAIL.to(admin.username(), ESCALATION, 1);
        assertThat(toLead).hasSize(1);
        assertThat(toAdmin).hasSize(1);
        assertThat(Mails.text(toLead.get(0))).contains(executive.username(), "/advisories/" + id)
                .doesNotContain(AdvisoryJson.TITLE);
        assertThat(Mails.text(toAdmin.get(0))).as("the admin received no copy, so no link")
                .contains(executive.username()).doesNotContain("/advisories/", AdvisoryJson.TITLE);
        assertThat(MAIL.to(executive.username(), ESCALATION, 0)).isEmpty();
        assertThat(MAIL.to(analyst.username(), ESCALATION, 0)).as("neither recipient nor admin").isEmpty();

        clock.advance(Duration.ofDays(1));
        followUp.run();
        Thread.sleep(600);
        assertThat(MAIL.to(executive.username(), REMINDER, 0)).hasSize(1);
        assertThat(MAIL.to(admin.username(), ESCALATION, 0)).hasSize(1);
        assertThat(MAIL.to(lead.username(), ESCALATION, 0)).hasSize(1);
        var dashboard = AdvisoryJson.read(api().get("/api/v1/advisories/" + id + "/recipients", author.token()).body());
        for (var item : dashboard.get("items")) {
            if (item.get("username").asString().equals(executive.username())) {
                assertThat(item.get("remindedAt").isNull()).isFalse();
                assertThat(item.get("escalatedAt").isNull()).isFalse();
            }
        }
    }

    @Test
    void sendsEachReminderAndEscalationOnceWhenRunsOverlap() throws Exception {
        var a = accounts.organisation("insurance");
        var admin = accounts.member(a, Role.ORG_ADMIN);
        var executives = new ArrayList<Accounts.Account>();
        for (int i = 0; i < 6; i++) {
            executives.add(accounts.member(a, Role.EXECUTIVE));
        }
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var body = draft("TLP:GREEN", audience(List.of(), List.of(a.id()), List.of(), List.of("EXECUTIVE")));
        body.put("severity", "HIGH");
        Mailbox.publish(api(), author, approver, body);

        clock.advance(Duration.ofHours(49));
        var pool = Executors.newFixedThreadPool(4);
        try {
            var start = new CyclicBarrier(4);
            var runs = new ArrayList<Callable<Object>>();
            for (int i = 0; i < 2; i++) {
                runs.add(() -> {
                    start.await();
                    return followUp.run(); // without the lease: the compare-and-set alone keeps them apart
                });
                runs.add(() -> {
                    start.await();
                    return followUp.runExclusively(); // as the scheduler runs it, one instance at a time
                });
            }
            for (var done : pool.invokeAll(runs)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        for (var executive : executives) {
            assertThat(MAIL.to(executive.username(), REMINDER, 1)).as(executive.username()).hasSize(1);
            assertThat(MAIL.to(executive.username(), ESCALATION, 5)).as("about each of the five others").hasSize(5);
        }
        assertThat(MAIL.to(admin.username(), ESCALATION, 6)).as("one about each executive").hasSize(6);
        Thread.sleep(600);
        for (var executive : executives) {
            assertThat(MAIL.to(executive.username(), REMINDER, 0)).hasSize(1);
            assertThat(MAIL.to(executive.username(), ESCALATION, 0)).hasSize(5);
        }
        assertThat(MAIL.to(admin.username(), ESCALATION, 0)).hasSize(6);
    }

    @Test
    void followsUpNothingWithdrawnAndNoRedToTheAdmin() throws Exception {
        var a = accounts.organisation("insurance");
        var executive = accounts.member(a, Role.EXECUTIVE);
        var lead = accounts.member(a, Role.SECURITY_LEAD);
        var admin = accounts.member(a, Role.ORG_ADMIN);
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        var withdrawn = draft("TLP:AMBER", audience(List.of(), List.of(a.id()), List.of(), List.of("SECURITY_LEAD")));
        withdrawn.put("severity", "LOW");
        var withdrawnId = Mailbox.publish(api(), author, approver, withdrawn);
        assertThat(api().post("/api/v1/advisories/" + withdrawnId + "/withdraw", author.token(), null).status())
                .isEqualTo(200);
        var red = draft("TLP:RED", audience(List.of(), List.of(), List.of(executive.username(), lead.username()),
                List.of()));
        red.put("severity", "MEDIUM");
        Mailbox.publish(api(), author, approver, red);
        assertThat(api().post("/api/v1/advisories/" + withdrawnId + "/acknowledgement", lead.token(), "{}").status())
                .isEqualTo(404);

        clock.advance(Duration.ofDays(6).plusHours(1));
        followUp.run();
        assertThat(MAIL.to(executive.username(), REMINDER, 1)).hasSize(1);
        assertThat(MAIL.to(lead.username(), REMINDER, 1)).as("the RED one only, not the withdrawn one").hasSize(1);
        assertThat(MAIL.to(lead.username(), ESCALATION, 1)).as("about the executive, a fellow named recipient")
                .hasSize(1);
        assertThat(MAIL.to(admin.username(), ESCALATION, 0)).as("TLP:RED is for its named recipients only").isEmpty();
    }

    private ApiClient api() {
        return new ApiClient(port);
    }
}
