package org.tocsin.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tocsin.Accounts;
import org.tocsin.Mails;
import org.tocsin.TestDatabase;
import org.tocsin.TocsinApplication;
import org.tocsin.advisory.Advisories;
import org.tocsin.advisory.Draft;
import org.tocsin.membership.Role;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Kills the sending in the middle and proves what docs/adr/0008-mail-delivery-guarantee.md
 * promises: no notification is lost, and none is sent twice, except the one message whose
 * attempt was cut off between the SMTP server's acceptance and the record of it — which arrives
 * twice as byte-for-byte the same message with the same Message-ID.
 *
 * <p>The crash is real: instance A runs in a JVM of its own and is killed (SIGKILL) from inside
 * the SMTP server at the moment it accepts A's third message, before its "250 OK" reaches A.
 * Instance B, in this JVM on the same database (PostgreSQL, or H2 served over TCP), then takes
 * over. Runs on H2 and on PostgreSQL.
 */
class OutboxCrashTests {

    private static final String SECRET = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=";
    private static final String FROM = "tocsin@authority.test";
    private static final int RECIPIENTS = 8;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void aSecondInstanceFinishesTheBatchOfOneKilledAfterTheServerAcceptedAMessage() throws Exception {
        var database = database();
        var received = new CopyOnWriteArrayList<MimeMessage>();
        var process = new AtomicReference<Process>();
        var deliveries = new AtomicInteger();
        var smtp = smtp(message -> {
            received.add(message);
            if (deliveries.incrementAndGet() == 3) {
                // The server has the third message; its "250 OK" has not left yet. A dies now.
                var a = process.get();
                a.destroyForcibly();
                waitFor(a);
            }
            return true;
        });
        // B: the instance that takes over. It publishes, but sends only when the test tells it to.
        var b = start(database, smtp.getSmtp().getPort(), "1h");
        var id = publishToRecipients(b);
        var keys = b.getBean(JdbcClient.class).sql("SELECT idempotency_key FROM mail_outbox WHERE idempotency_key LIKE :p")
                .param("p", "advisory:" + id + ":%").query(String.class).list();
        assertThat(keys).hasSize(RECIPIENTS);

        // A: a server of its own, in its own JVM, sending every 100 ms.
        process.set(startProcess(database, smtp.getSmtp().getPort()));
        assertThat(process.get().waitFor(240, TimeUnit.SECONDS)).as("instance A was killed while sending").isTrue();
        assertThat(received).hasSize(3);

        var jdbc = b.getBean(JdbcClient.class);
        var states = states(jdbc, id);
        assertThat(states.values().stream().filter(s -> s.sent()).count()).as("A recorded two messages as sent").isEqualTo(2);
        var inDoubt = states.entrySet().stream().filter(e -> !e.getValue().sent() && e.getValue().claimed()).toList();
        assertThat(inDoubt).as("the third is claimed by A, with no result").hasSize(1);
        var doubtfulRecipient = inDoubt.get(0).getKey();

        var sender = b.getBean(OutboxSender.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < RECIPIENTS + 1 && System.nanoTime() < deadline) {
            sender.sendPending(); // B's scheduled run, made now
            Thread.sleep(200);
        }
        for (int i = 0; i < 5; i++) {
            sender.sendPending(); // and a few more, which must send nothing
            Thread.sleep(100);
        }

        var byRecipient = received.stream().collect(Collectors.groupingBy(OutboxCrashTests::to));
        assertThat(byRecipient).as("every recipient got the notification").hasSize(RECIPIENTS);
        byRecipient.forEach((recipient, mails) -> {
            if (recipient.equals(doubtfulRecipient)) {
                assertThat(mails).as("the message in doubt arrives twice").hasSize(2);
                assertThat(messageId(mails.get(0))).isEqualTo(messageId(mails.get(1)));
                assertThat(body(mails.get(0))).as("byte for byte the same message").isEqualTo(body(mails.get(1)));
                assertThat(header(mails.get(0), "Date")).isEqualTo(header(mails.get(1), "Date"));
            } else {
                assertThat(mails).as("exactly one message to " + recipient).hasSize(1);
            }
        });
        assertThat(received.stream().map(OutboxCrashTests::messageId).distinct().count())
                .as("one Message-ID per notification").isEqualTo(RECIPIENTS);
        for (var key : keys) {
            assertThat(received.stream().map(OutboxCrashTests::messageId)).contains(PgpMime.messageId(key, FROM));
        }
        var after = states(jdbc, id);
        assertThat(after.values()).allMatch(State::sent);
        assertThat(after.get(doubtfulRecipient).inDoubt()).isEqualTo(1);
        assertThat(after.get(doubtfulRecipient).attempts()).isEqualTo(2);
        assertThat(after.entrySet().stream().filter(e -> !e.getKey().equals(doubtfulRecipient)))
                .allMatch(e -> e.getValue().inDoubt() == 0 && e.getValue().attempts() == 1);
        assertThat(received).allMatch(m -> Mails.type(m).equals("multipart/signed"));
    }

    @Test
    void aMailServerThatRefusesMidBatchLosesNothingAndSendsNothingTwice() throws Exception {
        var database = database();
        var received = new CopyOnWriteArrayList<MimeMessage>();
        var accepted = new AtomicInteger();
        var refused = new AtomicInteger();
        var down = new java.util.concurrent.atomic.AtomicBoolean();
        var smtp = smtp(message -> {
            if (down.get() || accepted.get() == 3 && refused.get() == 0) {
                down.set(true);
                refused.incrementAndGet();
                return false; // 451: the server is going down
            }
            accepted.incrementAndGet();
            received.add(message);
            return true;
        });
        var instance = start(database, smtp.getSmtp().getPort(), "100ms");
        var id = publishToRecipients(instance);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (refused.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(refused.get()).as("the sender kept trying while the server refused").isGreaterThanOrEqualTo(3);
        var jdbc = instance.getBean(JdbcClient.class);
        assertThat(states(jdbc, id).values().stream().filter(State::sent).count()).isEqualTo(3);
        down.set(false); // the server is back

        while (received.size() < RECIPIENTS && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1_000); // many more runs of the sender

        var byRecipient = received.stream().collect(Collectors.groupingBy(OutboxCrashTests::to));
        assertThat(byRecipient).hasSize(RECIPIENTS);
        assertThat(byRecipient.values()).allMatch(mails -> mails.size() == 1);
        var after = states(jdbc, id);
        assertThat(after.values()).allMatch(State::sent);
        assertThat(after.values()).allMatch(s -> s.inDoubt() == 0);
        assertThat(after.values().stream().mapToInt(State::attempts).sum()).isGreaterThan(RECIPIENTS);
    }

    // ----- the parts -----

    private record State(boolean sent, boolean claimed, int attempts, int inDoubt) {}

    private static Map<String, State> states(JdbcClient jdbc, UUID advisory) {
        return jdbc.sql("""
                SELECT recipient, sent_at IS NOT NULL, sending_until IS NOT NULL, attempts, in_doubt
                FROM mail_outbox WHERE idempotency_key LIKE :p""")
                .param("p", "advisory:" + advisory + ":%")
                .query((rs, n) -> Map.entry(rs.getString(1), new State(rs.getBoolean(2), rs.getBoolean(3), rs.getInt(4),
                        rs.getInt(5))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private UUID publishToRecipients(ConfigurableApplicationContext instance) {
        var accounts = instance.getBean(Accounts.class);
        var advisories = instance.getBean(Advisories.class);
        var organisation = accounts.organisation("energy");
        for (int i = 0; i < RECIPIENTS; i++) {
            accounts.member(organisation, Role.EXECUTIVE);
        }
        var author = accounts.staff(Role.AUTHOR).person();
        var approver = accounts.staff(Role.APPROVER).person();
        var draft = new Draft("Crash test", "TLP:AMBER", "HIGH", null, "A plain summary for the crash test.",
                "The body of the crash test.", null, List.of(new Draft.Action("Check the logs", "EXECUTIVE", 3)),
                new Draft.Audience(List.of(), List.of(organisation.id().toString()), List.of(), List.of()));
        var id = advisories.create(author, draft).id();
        advisories.submit(author, id);
        advisories.approve(approver, id);
        advisories.publish(approver, id);
        return id;
    }

    /** A database both instances share: PostgreSQL, or an in-memory H2 database served over TCP. */
    private String database() throws Exception {
        if (TestDatabase.usePostgres()) {
            return TestDatabase.freshPostgresDatabase();
        }
        var server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        cleanup.add(server::stop);
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:crash-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    private ConfigurableApplicationContext start(String database, int smtpPort, String interval) {
        var context = new SpringApplicationBuilder(TocsinApplication.class).run(arguments(database, smtpPort, interval)
                .toArray(String[]::new));
        cleanup.add(context::close);
        return context;
    }

    private Process startProcess(String database, int smtpPort) throws IOException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var command = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", classpath, TocsinApplication.class.getName()));
        command.addAll(arguments(database, smtpPort, "100ms"));
        var log = Files.createTempFile("tocsin-instance-a", ".log");
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        cleanup.add(() -> {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        });
        return process;
    }

    private static List<String> arguments(String database, int smtpPort, String interval) {
        return List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + (TestDatabase.usePostgres() ? "postgres" : "tocsin"),
                "--spring.datasource.password=",
                "--tocsin.demo.enabled=false",
                "--tocsin.identity.secret-key=" + SECRET,
                "--tocsin.data-dir=target/test-data",
                "--tocsin.membership.idle-check-interval=1h",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort,
                "--tocsin.mail.from=" + FROM,
                "--tocsin.mail.send-interval=" + interval,
                "--tocsin.mail.sending-lease=2s",
                "--logging.level.root=WARN");
    }

    /**
     * A real SMTP server that shows each message to {@code accept} as it is delivered, before the
     * server answers: true delivers it, false refuses it (451).
     */
    private GreenMail smtp(Function<MimeMessage, Boolean> accept) {
        var smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        cleanup.add(smtp::stop);
        var users = smtp.getUserManager();
        var deliver = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            if (!accept.apply(message.getMessage())) {
                throw new MessagingException("refused: the server is going down");
            }
            return deliver.handle(message, address);
        });
        return smtp;
    }

    private static String to(MimeMessage message) {
        try {
            return message.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage message) {
        return header(message, "Message-ID");
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage message) {
        try (var in = message.getRawInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
