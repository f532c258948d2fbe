package org.tocsin.advisory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tocsin.Accounts;
import org.tocsin.BenchOptions;
import org.tocsin.TestDatabase;
import org.tocsin.TocsinApplication;
import org.tocsin.membership.Membership;
import org.tocsin.membership.Organisation;
import org.tocsin.membership.Person;
import org.tocsin.membership.Role;

/**
 * The publication benchmark of issue 3 (see {@code bench/README.md}): starts the whole server on
 * H2 (a file database, as in the default mode) or on an embedded PostgreSQL, makes organisations
 * and people through {@link Membership} as real data is made, then publishes advisories to
 * audiences of each size and times {@link Advisories#publish}: the audience computed, one
 * recipient row with its copy serial and one queued notification per person, the audit entry,
 * all committed. The anchor, measured in the same run on the same database, writes the same rows
 * (recipients and outbox messages, same columns, same sizes) with plain JDBC batches in one
 * transaction on a connection of its own. Prints a Markdown table. Not a test: it runs only when
 * started by hand.
 *
 * <pre>
 * PublicationBenchmark --database h2|postgresql [--work DIR] [--sizes 300,10000] [--rounds 5]
 * </pre>
 */
public final class PublicationBenchmark {

    static final int PEOPLE_PER_ORGANISATION = 25;
    static final List<String> SECTORS = List.of("banking", "accountancy", "legal");

    public static void main(String[] args) throws Exception {
        var options = BenchOptions.parse(args, "PublicationBenchmark --database h2|postgresql [--work DIR] "
                + "[--sizes 300,10000] [--rounds 5]");
        var database = options.getOrDefault("database", "h2");
        var work = Path.of(options.getOrDefault("work", "target/publish-bench"));
        var sizes = Arrays.stream(options.getOrDefault("sizes", "300,10000").split(",")).map(String::strip)
                .mapToInt(Integer::parseInt).sorted().toArray();
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));

        String url;
        String user;
        if (database.equals("postgresql")) {
            url = TestDatabase.freshPostgresDatabase();
            user = "postgres";
        } else {
            deleteTree(work);
            Files.createDirectories(work);
            url = TestDatabase.defaultModeUrl();
            user = "tocsin";
        }
        var context = new SpringApplicationBuilder(TocsinApplication.class).run(
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + user, "--spring.datasource.password=",
                "--server.port=0", "--tocsin.demo.enabled=false", "--tocsin.data-dir=" + work.toAbsolutePath(),
                "--tocsin.identity.secret-key=q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=",
                "--tocsin.membership.idle-check-interval=1h", "--logging.level.root=WARN");
        url = context.getEnvironment().getRequiredProperty("spring.datasource.url");
        try {
            run(context, database, url, user, sizes, rounds);
        } finally {
            context.close();
        }
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext context, String database, String url, String user, int[] sizes,
            int rounds) throws Exception {
        var accounts = context.getBean(Accounts.class);
        var membership = context.getBean(Membership.class);
        var advisories = context.getBean(Advisories.class);
        System.out.printf("database %s, JVM %s, -Xmx %d MiB, %d processors, load %s%n", database,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        // Seeding, through the product's services: organisations applied and approved, people added.
        var author = accounts.staff(Role.AUTHOR);
        var approver = accounts.staff(Role.APPROVER);
        int largest = sizes[sizes.length - 1];
        int organisationCount = (largest + PEOPLE_PER_ORGANISATION - 1) / PEOPLE_PER_ORGANISATION;
        long start = System.nanoTime();
        var organisations = new ArrayList<Organisation>();
        int people = 0;
        for (int o = 0; o < organisationCount; o++) {
            var applied = membership.apply("Member %04d".formatted(o), List.of(SECTORS.get(o % SECTORS.size())));
            var organisation = membership.approve(applied.id(), accounts.authority().id());
            organisations.add(organisation);
            for (int p = 0; p < PEOPLE_PER_ORGANISATION && people < largest; p++, people++) {
                var role = p < 5 ? Role.EXECUTIVE : p < 12 ? Role.SECURITY_LEAD : Role.ANALYST;
                membership.addPerson(organisation.id(), "person%05d@member%04d.example".formatted(people, o),
                        "Person " + people, Set.of(role));
            }
        }
        System.out.printf("seeded %d organisations and %d people through Membership in %.1f s%n", organisationCount,
                people, seconds(start));
        var dataSource = context.getBean(DataSource.class);
        if (database.equals("postgresql")) {
            // What autovacuum does within a minute of the seeding, so that it does not run during the measurements.
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE");
            }
        }

        // Warm-up: publications of the smallest size, not counted.
        for (int i = 0; i < 3; i++) {
            publish(advisories, author, approver, audience(organisations, sizes[0], people));
        }

        var results = new LinkedHashMap<String, String>();
        for (int size : sizes) {
            var audience = audience(organisations, size, people);
            var publications = new double[rounds];
            var anchors = new double[rounds];
            int recipients = 0;
            UUID lastId = null;
            for (int round = 0; round < rounds; round++) {
                var timed = publish(advisories, author, approver, audience);
                publications[round] = timed.seconds();
                recipients = timed.recipients();
                lastId = timed.id();
                check(dataSource, timed.id(), recipients);
                anchors[round] = anchor(url, user, advisories, author, audience, membership);
            }
            // Not a goal of the issue, but the authority opens it next: the dashboard and its CSV.
            var dashboards = context.getBean(Dashboards.class);
            dashboards.of(lastId);
            start = System.nanoTime();
            var dashboard = dashboards.of(lastId);
            double dashboardSeconds = seconds(start);
            start = System.nanoTime();
            var csv = RecipientsCsv.of(dashboard);
            System.out.printf("%,d recipients: dashboard worked out in %.3f s, CSV of %,d bytes in %.3f s%n",
                    dashboard.total().recipients(), dashboardSeconds, csv.length(), seconds(start));
            Arrays.sort(publications);
            Arrays.sort(anchors);
            double publication = publications[rounds / 2];
            double anchor = anchors[rounds / 2];
            System.out.printf("%,d recipients: publish %s s, anchor %s s (load %s)%n", recipients,
                    Arrays.toString(publications), Arrays.toString(anchors), loadAverage());
            results.put("%,d recipients: publish, median (best) of %d, s".formatted(recipients, rounds),
                    "%.3f (%.3f)".formatted(publication, publications[0]));
            results.put("%,d recipients: JDBC anchor, median (best), s".formatted(recipients),
                    "%.3f (%.3f)".formatted(anchor, anchors[0]));
            results.put("%,d recipients: publish / anchor".formatted(recipients), "%.1f".formatted(publication / anchor));
            results.put("%,d recipients: recipients published per second".formatted(recipients),
                    "%,.0f".formatted(recipients / publication));
        }
        System.out.println();
        System.out.println("| " + database + " | result |");
        System.out.println("|---|---:|");
        results.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        System.out.println();
        System.out.println("load average at the end: " + loadAverage());
    }

    /** An audience of about {@code size} people: whole organisations, or every sector when it is everybody. */
    private static Draft.Audience audience(List<Organisation> organisations, int size, int everybody) {
        if (size >= everybody) {
            return new Draft.Audience(SECTORS, List.of(), List.of(), List.of());
        }
        int count = (size + PEOPLE_PER_ORGANISATION - 1) / PEOPLE_PER_ORGANISATION;
        return new Draft.Audience(List.of(), organisations.subList(0, count).stream().map(o -> o.id().toString()).toList(),
                List.of(), List.of());
    }

    record Timed(UUID id, int recipients, double seconds) {}

    /** Writes, submits and approves an advisory (not timed), then publishes it (timed). */
    private static Timed publish(Advisories advisories, Accounts.Account author, Accounts.Account approver,
            Draft.Audience audience) {
        var id = advisories.create(author.person(), draft(audience)).id();
        advisories.submit(author.person(), id);
        advisories.approve(approver.person(), id);
        long start = System.nanoTime();
        var published = advisories.publish(approver.person(), id);
        return new Timed(id, published.recipients(), seconds(start));
    }

    private static Draft draft(Draft.Audience audience) {
        return new Draft("Espionage against professional services", "TLP:AMBER", "HIGH", 70, AdvisoryJson.SUMMARY,
                AdvisoryJson.BODY, "", List.of(new Draft.Action("Brief the board", "EXECUTIVE", 7),
                        new Draft.Action("Search the proxy logs", "SECURITY_LEAD", 3)), audience);
    }

    /** The publication wrote exactly one recipient and one queued message per person. */
    private static void check(DataSource dataSource, UUID id, int recipients) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            for (var sql : List.of("SELECT COUNT(*) FROM recipient WHERE advisory_id = ?",
                    "SELECT COUNT(*) FROM mail_outbox WHERE idempotency_key LIKE ?")) {
                try (var statement = connection.prepareStatement(sql)) {
                    statement.setObject(1, sql.contains("LIKE") ? "advisory:" + id + ":v1:%" : id);
                    try (var rs = statement.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != recipients) {
                            throw new IllegalStateException(sql + " gave " + rs.getInt(1) + ", expected " + recipients);
                        }
                    }
                }
            }
        }
    }

    /**
     * The anchor: the same rows a publication writes — a recipient with a random serial and an
     * outbox message with the same subject and body for each person of the audience — inserted
     * with plain JDBC batches of 1,000 in one transaction, then committed. Timed from the first
     * insert to the commit; the audience is read before, and the rows are deleted after.
     */
    private static double anchor(String url, String user, Advisories advisories, Accounts.Account author,
            Draft.Audience audience, Membership membership) throws SQLException {
        var id = advisories.create(author.person(), draft(audience)).id();
        var organisations = audience.organisations().stream().map(UUID::fromString).toList();
        List<Person> people = membership.reach(audience.sectors(), organisations, List.of(), List.of());
        var subject = "Tocsin: a new advisory for you [TLP:AMBER]";
        var body = """
                TLP:AMBER

                A new advisory has been published for you.

                Sign in to Tocsin to read it:

                http://localhost:8080/advisories/%s

                This message does not contain the advisory: Tocsin sends advisories by e-mail only when it can \
                encrypt them to you.
                """.formatted(id);
        double seconds;
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            connection.setAutoCommit(false);
            var now = Timestamp.from(Instant.now());
            long start = System.nanoTime();
            try (var recipients = connection.prepareStatement("""
                    INSERT INTO recipient (advisory_id, version, person_id, organisation_id, username, copy_serial,
                                           state, delivered_at)
                    VALUES (?, 1, ?, ?, ?, ?, 'DELIVERED', ?)""");
                    var messages = connection.prepareStatement("""
                            INSERT INTO mail_outbox (id, idempotency_key, recipient, subject, body, created_at, attempts)
                            VALUES (?, ?, ?, ?, ?, ?, 0)""")) {
                int n = 0;
                for (var person : people) {
                    recipients.setObject(1, id);
                    recipients.setObject(2, person.id());
                    recipients.setObject(3, person.organisationId());
                    recipients.setString(4, person.username());
                    recipients.setString(5, serial());
                    recipients.setTimestamp(6, now);
                    recipients.addBatch();
                    messages.setObject(1, UUID.randomUUID());
                    messages.setString(2, "bench-anchor:" + id + ":v1:" + person.id());
                    messages.setString(3, person.username());
                    messages.setString(4, subject);
                    messages.setString(5, body);
                    messages.setTimestamp(6, now);
                    messages.addBatch();
                    if (++n % 1000 == 0) {
                        recipients.executeBatch();
                        messages.executeBatch();
                    }
                }
                recipients.executeBatch();
                messages.executeBatch();
            }
            connection.commit();
            seconds = seconds(start);
            try (var delete = connection.prepareStatement("DELETE FROM recipient WHERE advisory_id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
            try (var delete = connection.prepareStatement("DELETE FROM mail_outbox WHERE idempotency_key LIKE ?")) {
                delete.setString(1, "bench-anchor:" + id + ":%");
                delete.executeUpdate();
            }
            connection.commit();
        }
        return seconds;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static String serial() {
        var alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
        var out = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                out.append('-');
            }
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private PublicationBenchmark() {}
}
