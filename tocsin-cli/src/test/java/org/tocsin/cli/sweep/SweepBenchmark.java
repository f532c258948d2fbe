package org.tocsin.cli.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times sweep's two parts on their own, in one warm JVM: building the index of an indicator file,
 * and scanning logs with a given number of threads (several rounds, the first being warm-up).
 * Used by {@code bench/sweep_bench.sh}; prints one JSON object.
 *
 * <pre>
 * java -cp tocsin-cli/target/tocsin-cli.jar:tocsin-cli/target/test-classes \
 *     org.tocsin.cli.sweep.SweepBenchmark INDICATORS THREADS ROUNDS LOG...
 * </pre>
 */
public final class SweepBenchmark {

    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SweepBenchmark INDICATORS THREADS ROUNDS LOG...");
            System.exit(2);
        }
        Path indicators = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<LogInput> logs = new ArrayList<>();
        long bytes = 0;
        for (int i = 3; i < args.length; i++) {
            Path p = Path.of(args[i]);
            logs.add(LogInput.file(p, null));
            bytes += Files.size(p);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // The index is built several times: the first build pays for class loading and JIT.
        double buildSeconds = Double.MAX_VALUE;
        double firstBuild = 0;
        IndicatorSet set = null;
        for (int i = 0; i < 3; i++) {
            set = null;
            System.gc();
            long t0 = System.nanoTime();
            set = IndicatorFile.read(indicators);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i == 0) {
                firstBuild = s;
            }
            buildSeconds = Math.min(buildSeconds, s);
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapAfterBuild = rt.totalMemory() - rt.freeMemory();
        Sweeper sweeper = new Sweeper(set, threads, Sweeper.DEFAULT_MAX_LINE);
        StringBuilder roundsJson = new StringBuilder();
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        long[] matches = {0};
        for (int r = 0; r < rounds; r++) {
            matches[0] = 0;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            sweeper.sweep(logs, m -> matches[0]++);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            roundsJson.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"wall_s\": %.3f, \"cpu_s\": %.3f, \"mb_per_s\": %.1f}", wall, cpu, bytes / wall / 1e6));
            if (r > 0 || rounds == 1) {
                best = Math.min(best, wall);
                bestCpu = Math.min(bestCpu, cpu);
            }
        }
        System.out.printf(Locale.ROOT,
                "{\"indicators\": \"%s\", \"observables\": %d, \"build_s\": %.3f, \"first_build_s\": %.3f, "
                        + "\"heap_after_build_mib\": %.1f, \"max_heap_mib\": %.0f, \"threads\": %d, \"bytes\": %d, "
                        + "\"matches\": %d, \"best_wall_s\": %.3f, \"best_cpu_s\": %.3f, \"mb_per_s\": %.1f, "
                        + "\"mb_per_cpu_s\": %.1f, \"rounds\": [%s]}%n",
                indicators.getFileName(), set.observableCount(), buildSeconds, firstBuild,
                heapAfterBuild / 1048576.0, rt.maxMemory() / 1048576.0, threads, bytes, matches[0], best, bestCpu,
                bytes / best / 1e6, bytes / bestCpu / 1e6, roundsJson);
    }
}
