package org.tocsin.leak;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.tocsin.identity.SecretBox;
import org.tocsin.leak.Simulation.Scenario;
import org.tocsin.membership.Person;
import org.tocsin.membership.PersonStatus;
import org.tocsin.membership.Role;

/**
 * The attribution benchmark of issue 4 (results in docs/ATTRIBUTION.md): the simulation harness on
 * the demo advisory with 300 and 10,000 recipients, 1,000 trials per scenario, and the time an
 * investigation takes with 10,000 copies on record: {@link Fingerprints#attribute} itself, on an
 * H2 database holding the V11 tables, reading every copy's sealed seed, opening it, computing its
 * codeword and scoring it. Not a test: run it by hand (bench/attribution.sh).
 *
 * <pre>
 * AttributionBenchmark [--trials 1000] [--sizes 300,10000] [--timed 100] [--seed 1]
 * </pre>
 */
public final class AttributionBenchmark {

    public static void main(String[] args) throws Exception {
        int trials = 1000;
        int timed = 100;
        long seed = 1;
        var sizes = List.of(300, 10_000);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--timed" -> timed = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        var wording = DemoAdvisory.wording();
        var density = Document.of(wording).density();
        System.out.printf(Locale.ROOT, "Demo advisory: %d sentences, %d slots, %.1f bits, %.2f bits per sentence; "
                + "load average before: %.2f on %d processors%n%n", density.sentences(), density.slots(), density.bits(),
                density.bitsPerSentence(), load(), Runtime.getRuntime().availableProcessors());
        System.out.println("| recipients | scenario | trials | ranked first | accused | innocent accused (trials) "
                + "| slots observed (mean) | read + score (mean ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int n : trials == 0 ? List.<Integer>of() : sizes) {
            var simulation = new Simulation(wording, n, seed);
            for (var scenario : Scenario.values()) {
                var r = simulation.run(scenario, trials);
                System.out.printf(Locale.ROOT, "| %,d | %s | %d | %.1f%% | %.1f%% | %.2f%% | %.1f | %.2f |%n", n,
                        scenario.description, trials, 100 * r.firstRate(), 100 * r.accusedRate(),
                        100 * r.falseAccusationRate(), r.meanObserved(), r.meanMillis());
            }
        }
        System.out.printf(Locale.ROOT, "%nload average after the simulations: %.2f%n", load());
        timeInvestigations(wording, 10_000, timed, seed);
    }

    /** {@link Fingerprints#attribute} with {@code copies} copies on record in H2. */
    static void timeInvestigations(Wording wording, int copies, int timed, long seed) throws Exception {
        var dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:attribution-bench;DB_CLOSE_DELAY=-1", "sa", "");
        var jdbc = JdbcClient.create(dataSource);
        try (var in = AttributionBenchmark.class.getResourceAsStream("/db/migration/V11__leak_attribution.sql")) {
            for (var statement : new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    jdbc.sql(statement).update();
                }
            }
        }
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        var constructor = SecretBox.class.getDeclaredConstructor(byte[].class);
        constructor.setAccessible(true);
        var fingerprints = new Fingerprints(jdbc, constructor.newInstance((Object) key), Clock.systemUTC(),
                new DataSourceTransactionManager(dataSource));
        var advisory = UUID.randomUUID();
        var organisation = UUID.randomUUID();
        var people = new ArrayList<Person>();
        long started = System.nanoTime();
        for (int i = 0; i < copies; i++) {
            var person = new Person(UUID.randomUUID(), organisation, "reader" + i + "@bench.example", "Reader " + i,
                    PersonStatus.ACTIVE, Set.of(Role.EXECUTIVE), OffsetDateTime.now(), null);
            people.add(person);
            fingerprints.copyFor(advisory, 1, person, wording);
        }
        System.out.printf(Locale.ROOT, "%n%,d copies rendered and recorded in %.1f s%n", copies,
                (System.nanoTime() - started) / 1e9);
        var random = new Random(seed);
        var simulation = new Simulation(wording, 2, seed);
        var times = new double[timed];
        var cpu = new double[timed];
        var threads = ManagementFactory.getThreadMXBean();
        int right = 0;
        for (int t = -10; t < timed; t++) { // ten to warm up
            var leaker = people.get(random.nextInt(copies));
            var copy = fingerprints.copyFor(advisory, 1, leaker, wording);
            var leaked = simulation.retype(copy.summary() + "\n\n" + copy.body() + "\n\n" + copy.annex());
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            var attribution = fingerprints.attribute(advisory, wording, leaked, 20);
            long took = System.nanoTime() - start;
            long tookCpu = threads.getCurrentThreadCpuTime() - startCpu;
            if (t >= 0) {
                times[t] = took / 1e6;
                cpu[t] = tookCpu / 1e6;
                if (attribution.candidates().get(0).personId().equals(leaker.id())) {
                    right++;
                }
            }
        }
        // the anchor, measured in the same run: the plain SELECT of the copies an investigation reads
        var anchor = new double[timed];
        for (int t = -10; t < timed; t++) {
            long start = System.nanoTime();
            var rows = jdbc.sql("SELECT id, person_id, username, organisation_id, parent_id, sealed_seed FROM leak_copy "
                    + "WHERE advisory_id = :advisory ORDER BY username").param("advisory", advisory)
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6)})
                    .list();
            if (t >= 0) {
                anchor[t] = (System.nanoTime() - start) / 1e6;
            }
            if (rows.size() != copies) {
                throw new IllegalStateException("expected " + copies + " rows");
            }
        }
        Arrays.sort(anchor);
        Arrays.sort(times);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "Anchor (the plain SELECT of the %,d copies, same H2, same run): median %.1f ms; "
                + "an investigation takes %.1f times as long (medians)%n", copies, anchor[timed / 2],
                times[timed / 2] / anchor[timed / 2]);
        System.out.printf(Locale.ROOT, "Investigation (Fingerprints.attribute, whole document retyped, %,d copies "
                + "in H2), over %d: wall time median %.1f ms, 95th percentile %.1f ms, max %.1f ms; CPU time of the "
                + "thread median %.1f ms, 95th percentile %.1f ms; leaker first in %d; load average %.2f%n", copies,
                timed, times[timed / 2], times[(int) (timed * 0.95)], times[timed - 1], cpu[timed / 2],
                cpu[(int) (timed * 0.95)], right, load());
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

}
