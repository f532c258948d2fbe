package org.tocsin.intel;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.tocsin.BenchOptions;

/**
 * The TAXII clients of {@link IntelBenchmark}, in a JVM of their own, so that what they do (and
 * their garbage) is not charged to the server's heap and collector. {@code IntelBenchmark} starts
 * it as a child process with its own class path; it can be run by hand against any server too.
 *
 * <p>Each of {@code --clients} threads fetches pages of {@code --page} objects at random places
 * ({@code next=} a random sequence number between {@code --first} and {@code --last}) over its own
 * keep-alive HTTP/1.1 connection. A response is read into a reused buffer and its objects are
 * counted by a byte scanner (objects at depth two, outside strings), with no JSON tree and no
 * strings; a page that is not 200 or not exactly {@code --page} objects stops the run. After
 * {@code --warmup} untimed requests come {@code --requests} timed ones; it then prints one line
 * {@code seconds S} (wall time of the timed requests), one line {@code cpu-nanos C} (this
 * process's CPU time over them) and one line {@code nanos N N N ...} (each request's latency, in
 * the order they finished), then {@code p50}/{@code p99} for people.
 *
 * <pre>
 * TaxiiLoad --url http://127.0.0.1:PORT/taxii2/tocsin/collections/ID/objects/?limit=1000 --token T
 *           --first SEQ --last SEQ [--page 1000] [--clients 8] [--requests 1600] [--warmup 80]
 * </pre>
 */
public final class TaxiiLoad {

    static final String TAXII = "application/taxii+json;version=2.1";

    public static void main(String[] args) throws Exception {
        // One keep-alive connection per client: the JDK keeps at most 5 per server unless told.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
        var options = BenchOptions.parse(args, "TaxiiLoad --url URL --token T --first SEQ --last SEQ "
                + "[--page 1000] [--clients 8] [--requests 1600] [--warmup 80]", "url", "token", "first", "last");
        var url = options.get("url");
        var token = options.get("token");
        long first = Long.parseLong(options.get("first"));
        long last = Long.parseLong(options.get("last"));
        int page = Integer.parseInt(options.getOrDefault("page", "1000"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "1600"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", Integer.toString(clients * 10)));

        var buffers = ThreadLocal.withInitial(() -> new byte[1 << 16]);
        var request = (java.util.concurrent.Callable<Long>) () -> {
            long after = first - 1 + ThreadLocalRandom.current().nextLong(Math.max(1, last - first - page));
            long t = System.nanoTime();
            int n = fetch(url + "&next=" + after, token, buffers.get());
            long elapsed = System.nanoTime() - t;
            if (n != page) {
                throw new IllegalStateException("a page of " + n + " objects, not " + page + ", after " + after);
            }
            return elapsed;
        };
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            run(pool, request, warmup);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            long[] nanos = run(pool, request, requests);
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu = os.getProcessCpuTime() - cpu;
            var out = new StringBuilder(requests * 9 + 64);
            out.append("seconds ").append(seconds).append('\n').append("cpu-nanos ").append(cpu).append('\n').append("nanos");
            for (long n : nanos) {
                out.append(' ').append(n);
            }
            var sorted = nanos.clone();
            Arrays.sort(sorted);
            out.append('\n').append(String.format(java.util.Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, %.0f pages/s%n",
                    percentile(sorted, 50), percentile(sorted, 99), requests / seconds));
            System.out.print(out);
            System.out.flush();
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] run(ExecutorService pool, java.util.concurrent.Callable<Long> request, int count) throws Exception {
        List<Future<Long>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(request));
        }
        var nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = futures.get(i).get();
        }
        return nanos;
    }

    /** GETs one page (keep-alive) and answers how many objects its {@code objects} list holds. */
    static int fetch(String uri, String token, byte[] buffer) throws IOException {
        var connection = (HttpURLConnection) URI.create(uri).toURL().openConnection();
        connection.setRequestProperty("Accept", TAXII);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setConnectTimeout(60_000);
        connection.setReadTimeout(60_000);
        int status = connection.getResponseCode();
        if (status != 200) {
            try (var error = connection.getErrorStream()) {
                if (error != null) {
                    error.readAllBytes();
                }
            }
            throw new IllegalStateException("HTTP " + status + " for " + uri);
        }
        try (InputStream in = connection.getInputStream()) {
            return countObjects(in, buffer);
        }
    }

    /**
     * Counts the JSON objects that open at depth two of a TAXII envelope (the members of its
     * {@code objects} list: {@code {"more":..,"objects":[{..},{..}]}}), skipping strings.
     */
    static int countObjects(InputStream in, byte[] buffer) throws IOException {
        int depth = 0;
        int count = 0;
        boolean string = false;
        boolean escape = false;
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (string) {
                    if (escape) {
                        escape = false;
                    } else if (b == '\\') {
                        escape = true;
                    } else if (b == '"') {
                        string = false;
                    }
                } else if (b == '"') {
                    string = true;
                } else if (b == '{' || b == '[') {
                    if (depth == 2 && b == '{') {
                        count++;
                    }
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                }
            }
        }
        if (depth != 0 || string) {
            throw new IOException("the envelope ends inside a value");
        }
        return count;
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private TaxiiLoad() {
    }
}
