package org.tocsin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Sweep against the ground truth of the benchmark's generator, on a small corpus made in the test:
 * not one false positive, not one false negative, from the TSV form and from the STIX bundle,
 * from files on several threads and from standard input.
 */
class SweepExactnessTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LOGS = {"proxy_access.log", "dns_query.log", "mail.log", "sysmon_hashes.log"};

    @TempDir
    static Path corpus;

    private static Set<String> truth;

    @BeforeAll
    static void generateCorpus() throws Exception {
        Path generator = generator();
        Process p = new ProcessBuilder("python3", generator.toString(), "--seed", "7", "--out", corpus.toString(),
                "--indicators", "10000", "--log-size", "2M")
                .redirectErrorStream(true).redirectOutput(corpus.resolve("generator.out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("the generator failed: " + Files.readString(corpus.resolve("generator.out")));
        }
        truth = new HashSet<>();
        for (String line : Files.readAllLines(corpus.resolve("truth/truth-10000.tsv"))) {
            if (!line.startsWith("#")) {
                String[] f = line.split("\t");
                truth.add(f[0] + " " + f[1] + " " + f[2] + " " + f[6]);
            }
        }
        assertThat(truth).hasSizeGreaterThan(1000);
    }

    /** The shared benchmark folder: ../shared beside the repository, found from any module. */
    private static Path generator() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/bench/gen_sweep_data.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("shared/bench/gen_sweep_data.py not found beside the repository or above it");
    }

    private static String[] command(String indicators, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--indicators", corpus.resolve(indicators).toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] logs() {
        String[] paths = new String[LOGS.length];
        for (int i = 0; i < LOGS.length; i++) {
            paths[i] = corpus.resolve("logs").resolve(LOGS[i]).toString();
        }
        return paths;
    }

    private static Set<String> pairs(String out, Map<String, String> idToNumber) {
        Set<String> found = new HashSet<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode m = JSON.readTree(line);
            String id = m.get("indicator").isNumber() ? m.get("indicator").asString() : idToNumber.get(m.get("indicator").asString());
            found.add(Path.of(m.get("file").asString()).getFileName() + " " + m.get("line").asLong() + " " + id + " "
                    + m.get("observed").asString());
        }
        return found;
    }

    private static void assertExact(Set<String> found) {
        Set<String> falsePositives = new HashSet<>(found);
        falsePositives.removeAll(truth);
        Set<String> falseNegatives = new HashSet<>(truth);
        falseNegatives.removeAll(found);
        assertThat(falsePositives).as("false positives").isEmpty();
        assertThat(falseNegatives).as("false negatives").isEmpty();
    }

    @Test
    void findsExactlyTheTruthFromTheTsvFormOnTwoThreads() {
        List<String> args = new ArrayList<>(List.of(command("indicators/indicators-10000.tsv", "--threads", "2")));
        args.addAll(List.of(logs()));

        Invocation run = Invocation.of(Map.of(), args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertExact(pairs(run.out(), Map.of()));
        assertThat(run.err()).contains("squid", "bind", "postfix", "sysmon").doesNotContain("malformed");
    }

    @Test
    void findsExactlyTheTruthFromTheStixBundle() throws IOException {
        Map<String, String> idToNumber = new java.util.HashMap<>();
        JsonNode bundle = JSON.readTree(corpus.resolve("indicators/indicators-10000.stix.json").toFile());
        for (int i = 0; i < bundle.get("objects").size(); i++) {
            idToNumber.put(bundle.get("objects").get(i).get("id").asString(), Integer.toString(i));
        }
        List<String> args = new ArrayList<>(List.of(command("indicators/indicators-10000.stix.json", "--threads", "1")));
        args.addAll(List.of(logs()));

        Invocation run = Invocation.of(Map.of(), args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(run.out()).contains("\"indicator\": \"indicator--");
        assertExact(pairs(run.out(), idToNumber));
    }

    @Test
    void readsStandardInputAsItReadsAFile() throws IOException {
        Path proxy = corpus.resolve("logs/proxy_access.log");
        String fromFile = Invocation.of(Map.of(), command("indicators/indicators-10000.tsv", proxy.toString())).out();

        Invocation fromStdin;
        try (InputStream in = Files.newInputStream(proxy)) {
            fromStdin = Invocation.withInput(in, Map.of(), command("indicators/indicators-10000.tsv", "-"));
        }

        assertThat(fromStdin.exitCode()).isEqualTo(Tocsin.EXIT_PROBLEM_FOUND);
        assertThat(fromStdin.out().replace("\"file\": \"-\"", "\"file\": \"" + proxy + "\"")).isEqualTo(fromFile);
    }
}
