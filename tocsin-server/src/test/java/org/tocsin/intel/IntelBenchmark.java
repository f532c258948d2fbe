package org.tocsin.intel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tocsin.Accounts;
import org.tocsin.BenchOptions;
import org.tocsin.TestDatabase;
import org.tocsin.TocsinApplication;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;
import org.tocsin.stix.json.BundleReader;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The intelligence store and TAXII benchmark of issue 5 (see {@code bench/README.md}): starts the
 * whole server on H2 (a file database, as in the default mode) or on an embedded PostgreSQL,
 * imports a STIX bundle streaming, pulls the collection through TAXII over loopback HTTP page by
 * page, fetches pages with concurrent clients, and reads the same rows with plain JDBC as the
 * anchor. Prints a Markdown table. Not a test: it runs only when started by hand.
 *
 * <pre>
 * IntelBenchmark --database h2|postgresql --bundle FILE [--work DIR] [--clients 8] [--requests 1600]
 *                [--client-jvm separate|same|both] [--import-only yes] [--url-suffix ;SETTING=V]
 *                [--reuse yes [--import-again yes]]
 * </pre>
 *
 * <p>On H2 the database URL is the default mode's own, from {@code application.properties}, with
 * {@code --url-suffix} appended to try other settings. {@code --reuse} (H2) keeps the database an
 * earlier run left in {@code --work} and measures the reads again without importing, or imports
 * the bundle into it once more with {@code --import-again} (the idempotent case: nothing added).
 *
 * <p>The pages under load are fetched by clients in a JVM of their own ({@link TaxiiLoad}, a
 * child process), by clients in the server's JVM as before, or both (the default); the table says
 * which figure is which. The plain-JDBC anchor always runs in the server's JVM (an H2 file
 * database cannot be opened from a second process).
 */
public final class IntelBenchmark {

    static final UUID BANKING = UUID.fromString("74ce0c4e-ac35-5534-9d86-f9a96ba4ec84");
    static final String TAXII = "application/taxii+json;version=2.1";
    static final int PAGE = 1000;

    public static void main(String[] args) throws Exception {
        var options = BenchOptions.parse(args, "IntelBenchmark --database h2|postgresql --bundle FILE [--work DIR] "
                + "[--clients 8] [--requests 1600] [--client-jvm separate|same|both] [--import-only yes] "
                + "[--url-suffix ;SETTING=V] [--reuse yes [--import-again yes]]", "bundle");
        var database = options.getOrDefault("database", "h2");
        var bundle = Path.of(options.get("bundle"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "1600"));
        var work = Path.of(options.getOrDefault("work", "target/intel-bench"));
        var clientJvm = options.getOrDefault("client-jvm", "both");
        if (!List.of("separate", "same", "both").contains(clientJvm)) {
            throw new IllegalArgumentException("--client-jvm is separate, same or both, not " + clientJvm);
        }

        String url;
        String user;
        if (database.equals("postgresql")) {
            url = TestDatabase.freshPostgresDatabase() + options.getOrDefault("url-suffix", "");
            user = "postgres";
        } else {
            if (!options.containsKey("reuse")) {
                deleteTree(work);
            }
            Files.createDirectories(work);
            url = TestDatabase.defaultModeUrl() + options.getOrDefault("url-suffix", "");
            user = "tocsin";
        }
        // As command-line arguments, these come before application.properties.
        var context = new SpringApplicationBuilder(TocsinApplication.class).run(
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + user, "--spring.datasource.password=",
                "--server.port=0", "--tocsin.demo.enabled=false", "--tocsin.data-dir=" + work.toAbsolutePath(),
                "--tocsin.identity.secret-key=q83vEjRWeJCrze8SNFZ4kKvN7xI0VnhJq83vEjRWeJA=",
                "--tocsin.membership.idle-check-interval=1h", "--logging.level.root=WARN");
        url = context.getEnvironment().getRequiredProperty("spring.datasource.url");
        System.out.println("database URL " + url);
        try {
            run(context, database, url, user, bundle, clients, requests, clientJvm, options.containsKey("import-only"),
                    options.containsKey("reuse") && !options.containsKey("import-again"));
        } finally {
            context.close();
        }
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext context, String database, String url, String user, Path bundle,
            int clients, int requests, String clientJvm, boolean importOnly, boolean reuse) throws Exception {
        var accounts = context.getBean(Accounts.class);
        var store = context.getBean(IntelStore.class);
        var port = context.getEnvironment().getProperty("local.server.port", Integer.class);
        var author = accounts.staff(Role.AUTHOR);
        var reader = accounts.member(accounts.organisation("banking"), Role.SECURITY_LEAD);
        var collection = store.collection(author.person(), BANKING).orElseThrow();
        var results = new LinkedHashMap<String, String>();
        var runtime = ManagementFactory.getRuntimeMXBean();
        System.out.printf("database %s, JVM %s, -Xmx %d MiB, %d processors, load %s%n", database,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        long stored;
        try (var connection = context.getBean(DataSource.class).getConnection();
                var rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM stix_object")) {
            rs.next();
            stored = rs.getLong(1);
        }
        long total;
        double importRate = Double.NaN;
        double importCpuSeconds = Double.NaN;
        long heapPeak = -1;
        long poolPeak = -1;
        if (reuse && stored > 0) {
            // --reuse: the objects of an earlier run's import (an H2 file kept in --work), to measure reads again.
            total = stored;
            System.out.printf("reusing the %d objects stored by an earlier run%n", total);
        } else {
            // 1. Import, streaming, in one transaction.
            System.gc();
            var heap = new HeapWatch();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            ImportSummary summary;
            try (InputStream in = Files.newInputStream(bundle); var objects = BundleReader.open(in)) {
                summary = store.addAll(author.person(), collection, objects, Attribution.EVERYONE, Tlp.GREEN);
            }
            double importSeconds = seconds(start);
            importCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            heap.stop();
            heapPeak = heap.peak();
            poolPeak = HeapWatch.oldGenerationPeak();
            if (!summary.stored()) {
                throw new IllegalStateException("import refused: " + summary.problems());
            }
            total = summary.read();
            importRate = total / importSeconds;
            System.out.printf("import: %d objects (%d added, %d marked) in %.1f s; peak heap used %d MiB sampled, "
                    + "old generation's peak %d MiB%n", total, summary.added(), summary.marked(), importSeconds,
                    heapPeak >> 20, poolPeak >> 20);
            if (importOnly) {
                System.out.printf("import: %d objects in %.1f s, %.0f objects/s, %.1f s of CPU (all threads, GC included), load %s%n",
                        total, importSeconds, total / importSeconds, importCpuSeconds, loadAverage());
                return;
            }
        }

        // 2. The anchor: the same rows, pages of 1,000 by plain JDBC (run twice, the second counts).
        var dataSource = context.getBean(DataSource.class);
        if (database.equals("postgresql")) {
            // What autovacuum does within a minute or two of a large import, done now so that it
            // does not run during the measurements: until then PostgreSQL's statistics date from
            // before the import, and it plans pages as if the collection were small.
            long start = System.nanoTime();
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE stix_object");
                statement.execute("VACUUM ANALYZE stix_observable");
            }
            System.out.printf("VACUUM ANALYZE after the import: %.1f s%n", seconds(start));
        }
        explain(dataSource, database, collection.id(), reader.person().organisationId());
        jdbcPull(url, user, collection.id());
        long start = System.nanoTime();
        long anchorRows = jdbcPull(url, user, collection.id());
        double anchorRate = anchorRows / seconds(start);

        // 3. The full TAXII pull, page by page over loopback HTTP (a first pass warms up).
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var base = "http://127.0.0.1:" + port + "/taxii2/tocsin/collections/" + BANKING + "/objects/?limit=" + PAGE;
        taxiiPull(http, base, reader.token(), 200);
        start = System.nanoTime();
        long pulled = taxiiPull(http, base, reader.token(), Long.MAX_VALUE);
        double pullRate = pulled / seconds(start);
        if (pulled != total) {
            throw new IllegalStateException("pulled " + pulled + " objects of " + total);
        }

        // 4. Pages of 1,000 from random places, by concurrent clients: TAXII (from a JVM of their own,
        // then from this one), then plain JDBC.
        long[] seqs = seqRange(dataSource, collection.id());
        System.out.printf("pages under load: load average %s%n", loadAverage());
        Latencies separate = null;
        Latencies same = null;
        ServerCost cost = null;
        if (!clientJvm.equals("same")) {
            var before = ServerCost.now();
            separate = separateClients(base, reader.token(), seqs, clients, requests);
            cost = ServerCost.now().minus(before, requests + clients * 10);
        }
        if (!clientJvm.equals("separate")) {
            same = concurrently(clients, requests, () -> {
                long after = seqs[0] - 1 + ThreadLocalRandom.current().nextLong(Math.max(1, seqs[1] - seqs[0] - PAGE));
                long t = System.nanoTime();
                int n = taxiiPage(http, base + "&next=" + after, reader.token()).count;
                if (n != PAGE) {
                    throw new IllegalStateException("a page of " + n);
                }
                return System.nanoTime() - t;
            });
        }
        var anchorPages = concurrently(clients, requests, new Callable<>() {
            final ThreadLocal<Connection> connection = ThreadLocal.withInitial(() -> connect(url, user));

            @Override
            public Long call() throws Exception {
                long after = seqs[0] - 1 + ThreadLocalRandom.current().nextLong(Math.max(1, seqs[1] - seqs[0] - PAGE));
                long t = System.nanoTime();
                jdbcPage(connection.get(), collection.id(), after);
                return System.nanoTime() - t;
            }
        });

        if (!Double.isNaN(importRate)) { // not with --reuse
            results.put("Import, objects/s", "%,.0f".formatted(importRate));
            results.put("Import, CPU seconds of the whole process", "%.1f".formatted(importCpuSeconds));
            results.put("Import, peak heap used / old generation's peak, MiB (-Xmx 1,024)",
                    "%d / %d".formatted(heapPeak >> 20, poolPeak >> 20));
        }
        results.put("JDBC anchor pull, objects/s", "%,.0f".formatted(anchorRate));
        results.put("TAXII pull, objects/s", "%,.0f (%.2f of anchor)".formatted(pullRate, pullRate / anchorRate));
        var anchorP99 = anchorPages.percentile(99);
        if (separate != null) {
            results.put("TAXII page of 1,000, %d clients in a separate JVM, p50 / p99 ms".formatted(clients),
                    "%.1f / %.1f (p99 %.1f x the anchor's)".formatted(separate.percentile(50), separate.percentile(99),
                            separate.percentile(99) / anchorP99));
        }
        if (same != null) {
            results.put("TAXII page of 1,000, %d clients in the server's JVM, p50 / p99 ms".formatted(clients),
                    "%.1f / %.1f (p99 %.1f x the anchor's)".formatted(same.percentile(50), same.percentile(99),
                            same.percentile(99) / anchorP99));
        }
        results.put("JDBC anchor page of 1,000, %d clients in the server's JVM, p50 / p99 ms".formatted(clients),
                "%.1f / %.1f".formatted(anchorPages.percentile(50), anchorP99));
        if (separate != null) {
            results.put("TAXII pages/s, %d clients in a separate JVM".formatted(clients), "%.0f".formatted(separate.throughput()));
        }
        if (same != null) {
            results.put("TAXII pages/s, %d clients in the server's JVM".formatted(clients), "%.0f".formatted(same.throughput()));
        }
        if (cost != null) {
            results.put("Server JVM per TAXII page (separate-JVM clients): CPU ms (request threads) / MiB allocated / GC ms",
                    "%.2f (%.2f) / %.2f / %.2f".formatted(cost.cpuMillis(), cost.requestThreadMillis(), cost.allocatedMiB(),
                            cost.gcMillis()));
            results.put("Client JVM CPU per TAXII page, ms", "%.2f".formatted(clientCpuMillis));
        }
        System.out.println();
        System.out.println("| " + database + ", " + total + " objects | result |");
        System.out.println("|---|---:|");
        results.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        System.out.println();
        System.out.printf("load average at the end: %s; JVM up %d s%n", loadAverage(), runtime.getUptime() / 1000);
    }

    // ----- TAXII client -----

    record Page(int count, String next) {}

    private static final JsonFactory JSON = new JsonFactory();

    private static long taxiiPull(HttpClient http, String base, String token, long atMost) {
        long count = 0;
        String next = null;
        do {
            var page = taxiiPage(http, next == null ? base : base + "&next=" + next, token);
            count += page.count;
            next = page.next;
        } while (next != null && count < atMost);
        return count;
    }

    /** Fetches one page and reads it as a client would: every object parsed, the cursor taken. */
    private static Page taxiiPage(HttpClient http, String uri, String token) {
        var request = HttpRequest.newBuilder(URI.create(uri.replace("[", "%5B").replace("]", "%5D")))
                .header("Accept", TAXII).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " for " + uri);
            }
            try (InputStream in = response.body(); JsonParser parser = JSON.createParser(ObjectReadContext.empty(), in)) {
                int count = 0;
                String next = null;
                boolean more = false;
                parser.nextToken();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    var name = parser.currentName();
                    var token0 = parser.nextToken();
                    switch (name) {
                        case "more" -> more = token0 == JsonToken.VALUE_TRUE;
                        case "next" -> next = parser.getString();
                        case "objects" -> {
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                parser.skipChildren();
                                count++;
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
                return new Page(count, more ? next : null);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@link TaxiiLoad} in a JVM of its own (this JVM's java and class path, a small heap) and
     * reads the latencies it prints.
     */
    private static Latencies separateClients(String base, String token, long[] seqs, int clients, int requests)
            throws IOException, InterruptedException {
        var javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = List.of(javaCommand, "-Xmx256m", "-XX:+UseSerialGC", "-Dhttp.maxConnections=64",
                "-cp", System.getProperty("java.class.path"), TaxiiLoad.class.getName(),
                "--url", base, "--token", token, "--first", Long.toString(seqs[0]), "--last", Long.toString(seqs[1]),
                "--page", Integer.toString(PAGE), "--clients", Integer.toString(clients),
                "--requests", Integer.toString(requests), "--warmup", Integer.toString(clients * 10));
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("TaxiiLoad exited with " + exit + ": " + output);
        }
        double seconds = -1;
        long[] nanos = null;
        for (var line : output.split("\n")) {
            if (line.startsWith("seconds ")) {
                seconds = Double.parseDouble(line.substring(8).strip());
            } else if (line.startsWith("cpu-nanos ")) {
                clientCpuMillis = Long.parseLong(line.substring(10).strip()) / 1e6 / requests;
            } else if (line.startsWith("nanos ")) {
                nanos = Arrays.stream(line.substring(6).strip().split(" ")).mapToLong(Long::parseLong).toArray();
            }
        }
        if (nanos == null || nanos.length != requests || seconds <= 0) {
            throw new IllegalStateException("TaxiiLoad's output is not what was expected: " + output);
        }
        return new Latencies(nanos, seconds);
    }

    /**
     * What this JVM (the server) spent while the separate clients ran, per request: CPU time of the
     * whole process (every thread, the collector's and the compiler's too) and of Tomcat's request
     * threads alone, bytes allocated by its threads, and the collectors' time. Not the database's
     * processes, nor the client's.
     */
    record ServerCost(double cpuMillis, double requestThreadMillis, double allocatedMiB, double gcMillis) {

        static ServerCost now() {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = threads.getAllThreadIds();
            long allocated = Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
            long requestThreads = 0;
            for (var info : threads.getThreadInfo(ids)) {
                if (info != null && info.getThreadName().startsWith("http-nio-")) {
                    requestThreads += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
            return new ServerCost(os.getProcessCpuTime() / 1e6, requestThreads / 1e6, allocated / (double) (1 << 20), gc);
        }

        ServerCost minus(ServerCost before, int requests) {
            return new ServerCost((cpuMillis - before.cpuMillis) / requests,
                    (requestThreadMillis - before.requestThreadMillis) / requests,
                    (allocatedMiB - before.allocatedMiB) / requests, (gcMillis - before.gcMillis) / requests);
        }
    }

    // ----- plain JDBC: the anchor -----

    private static Connection connect(String url, String user) {
        try {
            return DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long jdbcPull(String url, String user, UUID collection) throws SQLException {
        try (var connection = connect(url, user)) {
            long count = 0;
            long after = 0;
            while (true) {
                var page = jdbcPage(connection, collection, after);
                count += page[0];
                if (page[0] < PAGE) {
                    return count;
                }
                after = page[1];
            }
        }
    }

    /** One page of the same columns the store reads, in the same order; answers {rows, last seq}. */
    private static long[] jdbcPage(Connection connection, UUID collection, long after) throws SQLException {
        try (var statement = connection.prepareStatement("""
                SELECT seq, object_id, object_type, version, own_version, spec_version, tlp, date_added, body
                FROM stix_object WHERE collection_id = ? AND seq > ? ORDER BY collection_id, seq FETCH FIRST %d ROWS ONLY"""
                .formatted(PAGE))) {
            statement.setObject(1, collection);
            statement.setLong(2, after);
            long rows = 0;
            long last = after;
            long chars = 0;
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    for (int column = 2; column <= 9; column++) {
                        var value = column == 8 ? rs.getObject(column, java.time.OffsetDateTime.class) : rs.getString(column);
                        chars += value == null ? 0 : 1;
                    }
                    rows++;
                }
            }
            return new long[] {rows, last, chars};
        }
    }

    /** Prints the plan of the store's TAXII page query ("last" versions, the columns TAXII reads) for a page in the middle of the collection. */
    private static void explain(DataSource dataSource, String database, UUID collection, UUID organisation) throws SQLException {
        var page = """
                SELECT seq, date_added, body FROM stix_object s
                WHERE collection_id = ? AND seq > ? AND tlp <> 'TLP:RED'
                  AND (tlp <> 'TLP:AMBER+STRICT' OR owner_organisation = ?)
                  AND (latest = TRUE)
                ORDER BY collection_id, seq FETCH FIRST 1001 ROWS ONLY""";
        long[] seqs = seqRange(dataSource, collection);
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("EXPLAIN ANALYZE " + page)) {
            statement.setObject(1, collection);
            statement.setLong(2, (seqs[0] + seqs[1]) / 2);
            statement.setObject(3, organisation);
            try (var rs = statement.executeQuery()) {
                System.out.println("plan of a page in the middle of the collection:");
                while (rs.next()) {
                    System.out.println("    " + rs.getString(1));
                }
            }
        }
    }

    private static long[] seqRange(DataSource dataSource, UUID collection) throws SQLException {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT MIN(seq), MAX(seq) FROM stix_object WHERE collection_id = ?")) {
            statement.setObject(1, collection);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    // ----- measuring -----

    /** The client JVM's CPU time per timed request in the last separate run (-1 before any). */
    private static double clientCpuMillis = -1;

    record Latencies(long[] nanos, double seconds) {

        double percentile(int p) {
            var sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }

        double throughput() {
            return nanos.length / seconds;
        }
    }

    /** Runs {@code requests} timed calls spread over {@code clients} threads, after one warm-up round. */
    private static Latencies concurrently(int clients, int requests, Callable<Long> call) throws Exception {
        var pool = Executors.newFixedThreadPool(clients);
        try {
            var warm = new ArrayList<java.util.concurrent.Future<Long>>();
            for (int i = 0; i < clients * 10; i++) {
                warm.add(pool.submit(call));
            }
            for (var f : warm) {
                f.get();
            }
            var futures = new ArrayList<java.util.concurrent.Future<Long>>();
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(call));
            }
            var nanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                nanos[i] = futures.get(i).get();
            }
            return new Latencies(nanos, seconds(start));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The most heap in use while it watches, sampled every 20 ms and taken from the collectors' own peaks. */
    static final class HeapWatch {

        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        HeapWatch() {
            ManagementFactory.getMemoryPoolMXBeans().forEach(pool -> pool.resetPeakUsage());
            thread = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        /** The sampled peak; never above the heap's limit, which the JVM enforces (-Xmx). */
        long peak() {
            return peak.get();
        }

        /** The old generation's peak: what survived young collections, so roughly what the import held on to. */
        static long oldGenerationPeak() {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Old"))
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }
    }

    // ----- plumbing -----

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

    /** The CPU time this process has used, all its threads: unlike the elapsed time, hardly touched by others' load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
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

    private IntelBenchmark() {
    }
}
