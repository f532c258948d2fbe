package org.tocsin;

import java.io.IOException;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Gives each test application context a database of its own: an in-memory H2 database by default,
 * or, when the suite runs with {@code -Dtocsin.test.database=postgresql} (the build's second
 * Surefire execution), a fresh database in a real PostgreSQL server started once per test JVM
 * from Maven Central's embedded binaries. The application is configured only through the standard
 * Spring datasource settings, exactly as in production.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    public static boolean usePostgres() {
        return "postgresql".equals(System.getProperty("tocsin.test.database"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var url = usePostgres() ? freshPostgresDatabase()
                : "jdbc:h2:mem:tocsin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        TestPropertyValues.of("spring.datasource.url=" + url,
                "spring.datasource.username=" + (usePostgres() ? "postgres" : "tocsin"),
                "spring.datasource.password=").applyTo(context);
    }

    /**
     * The default mode's H2 URL as {@code application.properties} gives it, with its settings and
     * its {@code ${tocsin.data-dir}} placeholder: for the benchmarks, which measure that database.
     */
    public static String defaultModeUrl() {
        var defaults = new java.util.Properties();
        try (var in = TestDatabase.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return defaults.getProperty("spring.datasource.url");
    }

    /** The server, started on first use and stopped when the test JVM exits. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("Embedded PostgreSQL did not start", e);
            }
            var server = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** Creates an empty database in the embedded server and returns its JDBC URL. */
    public static String freshPostgresDatabase() {
        var name = "tocsin_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (var connection = postgres().getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }
}
