package org.tocsin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The server as operators run it: {@code SPRING_PROFILES_ACTIVE=production} on PostgreSQL. It will
 * not start on a missing or weak secret key, seeds no demo data, and has no way in but the
 * administrator named in the bootstrap settings, who must still set up a second factor (ASVS
 * V6.3.2, V13.4; OpenCTI's default-admin bypass). Always on the embedded PostgreSQL, so it runs once.
 */
@Tag("h2-only")
class ProductionModeTests {

    private static final AtomicInteger DATA_DIRS = new AtomicInteger();
    private static final String ADMIN = "first.admin@authority.example";
    private static final String ADMIN_PASSWORD = "an admin's long and private passphrase";

    @Test
    void refusesToStartWithoutASecretKey() {
        assertThatThrownBy(() -> start("--tocsin.identity.secret-key="))
                .satisfies(e -> assertThat(messages(e)).anyMatch(m -> m.contains("Production mode needs TOCSIN_SECRET_KEY")));
    }

    @Test
    void refusesToStartWithAWeakSecretKey() {
        var zeros = Base64.getEncoder().encodeToString(new byte[32]);
        var repeated = Base64.getEncoder().encodeToString("abababababababababababababababab".getBytes());
        var tooShort = Base64.getEncoder().encodeToString(randomBytes(16));
        var theTestsKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=";
        for (var weak : List.of(zeros, repeated, tooShort, theTestsKey)) {
            assertThatThrownBy(() -> start("--tocsin.identity.secret-key=" + weak)).as(weak)
                    .satisfies(e -> assertThat(messages(e)).anyMatch(m -> m.contains("weak TOCSIN_SECRET_KEY")));
        }
        assertThatThrownBy(() -> start("--tocsin.identity.secret-key=not base64!"))
                .satisfies(e -> assertThat(messages(e)).anyMatch(m -> m.contains("not base64")));
    }

    @Test
    void refusesToStartWithABootstrapAdministratorButNoPassword() {
        assertThatThrownBy(() -> start(goodKey(), "--tocsin.bootstrap.admin-email=" + ADMIN, "--tocsin.bootstrap.admin-password="))
                .satisfies(e -> assertThat(messages(e)).anyMatch(m -> m.contains("TOCSIN_BOOTSTRAP_ADMIN_PASSWORD")));
    }

    @Test
    void startsWithAGoodKeySeedsOnlyTheBootstrapAdministratorWhoMustEnrolASecondFactor() throws Exception {
        var dataDir = dataDir();
        try (var server = start(dataDir, goodKey(), "--tocsin.bootstrap.admin-email=" + ADMIN,
                "--tocsin.bootstrap.admin-password=" + ADMIN_PASSWORD)) {
            var jdbc = server.getBean(JdbcClient.class);
            assertThat(count(jdbc, "SELECT COUNT(*) FROM organisation")).isEqualTo(1);
            assertThat(count(jdbc, "SELECT COUNT(*) FROM organisation WHERE is_authority = TRUE AND status = 'APPROVED'")).isEqualTo(1);
            assertThat(jdbc.sql("SELECT username FROM person").query(String.class).list()).containsExactly(ADMIN);
            assertThat(jdbc.sql("SELECT role FROM person_role").query(String.class).list()).containsExactly("ADMIN");
            assertThat(count(jdbc, "SELECT COUNT(*) FROM api_token")).isZero();
            assertThat(count(jdbc, "SELECT COUNT(*) FROM credential WHERE totp_secret IS NOT NULL")).isZero();
            assertThat(Files.exists(dataDir.resolve("demo-credentials.json"))).isFalse();
            assertThat(Files.exists(dataDir.resolve("secret-key"))).isFalse();

            var portal = new PortalClient(port(server));
            var afterPassword = portal.password(ADMIN, ADMIN_PASSWORD);
            assertThat(afterPassword.location()).isEqualTo("/sign-in/enrol");
            assertThat(portal.get("/").status()).isEqualTo(403);
            assertThat(portal.get("/admin/organisations").status()).isEqualTo(403);
            assertThat(portal.get("/sign-in/enrol").body()).contains("Set up your authenticator app");
            assertThat(new PortalClient(port(server)).password(ADMIN, "a wrong guess at the password").location())
                    .isEqualTo("/sign-in?error");
        }
    }

    @Test
    void hasNoWayInWithoutBootstrapSettings() {
        try (var server = start(goodKey(), "--tocsin.bootstrap.admin-email=", "--tocsin.bootstrap.admin-password=")) {
            var jdbc = server.getBean(JdbcClient.class);
            assertThat(count(jdbc, "SELECT COUNT(*) FROM person")).isZero();
            assertThat(count(jdbc, "SELECT COUNT(*) FROM organisation")).isZero();
            assertThat(count(jdbc, "SELECT COUNT(*) FROM credential")).isZero();
            for (var guess : List.of(List.of("admin", "admin"), List.of("admin@localhost", "admin"),
                    List.of("administrator", "password"), List.of("tocsin", "tocsin"))) {
                assertThat(new PortalClient(port(server)).password(guess.get(0), guess.get(1)).location())
                        .as(guess.toString()).isEqualTo("/sign-in?error");
            }
        }
    }

    /**
     * Starts in production mode on a fresh PostgreSQL database. Settings are command-line
     * arguments, which outrank the packaged properties as the operator's environment does.
     */
    private static ConfigurableApplicationContext start(String... settings) {
        return start(dataDir(), settings);
    }

    private static ConfigurableApplicationContext start(Path dataDir, String... settings) {
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + TestDatabase.freshPostgresDatabase(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--tocsin.membership.base-url=https://tocsin.test",
                "--tocsin.data-dir=" + dataDir,
                "--tocsin.membership.idle-check-interval=1h"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(TocsinApplication.class).profiles("production")
                .run(arguments.toArray(String[]::new));
    }

    private static Path dataDir() {
        return Path.of("target", "test-data", "production-" + ProcessHandle.current().pid() + "-" + DATA_DIRS.incrementAndGet());
    }

    private static String goodKey() {
        return "--tocsin.identity.secret-key=" + Base64.getEncoder().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int n) {
        var bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static int port(ConfigurableApplicationContext server) {
        return server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static int count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static List<String> messages(Throwable failure) {
        var messages = new ArrayList<String>();
        for (var t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
