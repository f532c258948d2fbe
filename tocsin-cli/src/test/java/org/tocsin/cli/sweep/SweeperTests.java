package org.tocsin.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cutting logs into chunks and blocks for several threads: whatever the cut, every line is read
 * once, with its own number; binary lines and over-long lines are counted and skipped; memory stays
 * bounded.
 */
class SweeperTests {

    private static final int MAX_LINE = 2048;

    @TempDir
    Path dir;

    private IndicatorSet set;
    private byte[] log;
    private final List<String> expected = new ArrayList<>();

    @BeforeEach
    void writeLog() throws Exception {
        IndicatorSet.Builder builder = IndicatorSet.builder();
        builder.add(builder.numberedIndicator(0), IndicatorType.DOMAIN, "evil.example");
        builder.add(builder.numberedIndicator(1), IndicatorType.IPV4, "192.0.2.0/24");
        set = builder.build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int line = 1; line <= 3000; line++) {
            String host = line % 37 == 0 ? "www" + line + ".EVIL.example" : "host" + line + ".example.org";
            String text = squid(line, host, line % 101 == 0 ? "192.0.2." + (line % 250) : "151.101.34.2");
            if (line % 37 == 0) {
                expected.add(line + " " + host);
            }
            if (line % 101 == 0) {
                expected.add(line + " 192.0.2." + (line % 250));
            }
            switch (line) {
                case 100 -> text = "\0\1\2garbage " + host + " \3\4";
                case 200 -> text = "x".repeat(MAX_LINE + 1) + " " + host;
                case 300 -> text = "";
                case 400 -> text = squid(line, "crlf.evil.example", "151.101.34.2") + "\r";
                default -> {
                }
            }
            String prefix = line + " ";
            if (line == 100 || line == 200 || line == 300) {
                expected.removeIf(e -> e.startsWith(prefix));
            }
            if (line == 400) {
                expected.removeIf(e -> e.startsWith(prefix));
                expected.add("400 crlf.evil.example");
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.write(squid(3001, "last.evil.example", "151.101.34.2").getBytes(StandardCharsets.UTF_8));
        expected.add("3001 last.evil.example");
        log = out.toByteArray();
    }

    private static String squid(int line, String host, String peer) {
        return "1764115200." + (100 + line % 900) + "    " + line + " 10.0." + (line % 200) + ".1 TCP_MISS/200 "
                + (line * 7) + " GET https://" + host + "/p/" + line + "?q=evil.example - HIER_DIRECT/" + peer
                + " text/html";
    }

    record Run(List<String> matches, Sweeper.LogSummary summary) {
    }

    private Run sweep(Sweeper sweeper, LogInput input) throws SweepException {
        List<String> matches = new ArrayList<>();
        List<Sweeper.LogSummary> summaries = sweeper.sweep(List.of(input), m -> matches.add(m.line() + " " + m.observed()));
        return new Run(matches, summaries.get(0));
    }

    @ParameterizedTest(name = "{0} threads, chunks of {1} bytes")
    @CsvSource({"1, 16777216", "1, 1000", "3, 1000", "2, 4097", "2, 65536", "4, 333"})
    void readsEveryLineOnceWithItsNumberWhateverTheCuts(int threads, long chunk) throws Exception {
        Path file = Files.write(dir.resolve("access.log"), log);

        Run run = sweep(new Sweeper(set, threads, MAX_LINE, chunk, 4096), LogInput.file(file, null));

        assertThat(run.matches()).containsExactlyElementsOf(expected);
        assertThat(run.summary().lines()).isEqualTo(3001);
        assertThat(run.summary().bytes()).isEqualTo(log.length);
        assertThat(run.summary().binary()).isEqualTo(1);
        assertThat(run.summary().tooLong()).isEqualTo(1);
        assertThat(run.summary().malformed()).isZero();
        assertThat(run.summary().format()).isEqualTo(LogFormat.SQUID);
    }

    @ParameterizedTest(name = "{0} threads, blocks of {1} bytes")
    @CsvSource({"1, 4096", "3, 4096", "2, 100000"})
    void readsAStreamInBlocksOfWholeLines(int threads, int block) throws Exception {
        Run run = sweep(new Sweeper(set, threads, MAX_LINE, 1 << 20, block),
                LogInput.stream("-", new ByteArrayInputStream(log), null));

        assertThat(run.matches()).containsExactlyElementsOf(expected);
        assertThat(run.summary().lines()).isEqualTo(3001);
        assertThat(run.summary().bytes()).isEqualTo(log.length);
        assertThat(run.summary().tooLong()).isEqualTo(1);
    }

    @Test
    void readsCompressedLogs() throws Exception {
        Path file = dir.resolve("access.log.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(log);
        }

        Run run = sweep(new Sweeper(set, 2, MAX_LINE), LogInput.file(file, null));

        assertThat(run.matches()).containsExactlyElementsOf(expected);
    }

    @Test
    void growsItsBufferForALongLineAndSkipsALineLongerThanAllowed() throws Exception {
        String longUrlLine = squid(1, "long.evil.example", "151.101.34.2").replace("/p/", "/" + "p".repeat(600_000) + "/");
        String tooLong = "y".repeat(3 << 20);
        String after = squid(3, "after.evil.example", "151.101.34.2");
        Path file = Files.writeString(dir.resolve("long.log"), longUrlLine + "\n" + tooLong + "\n" + after + "\n");

        Run run = sweep(new Sweeper(set, 2, Sweeper.DEFAULT_MAX_LINE), LogInput.file(file, LogFormat.SQUID));

        assertThat(run.matches()).containsExactly("1 long.evil.example", "3 after.evil.example");
        assertThat(run.summary().tooLong()).isEqualTo(1);
        assertThat(run.summary().lines()).isEqualTo(3);
    }

    @Test
    void countsBinaryGarbageAsSkippedLines() throws Exception {
        byte[] garbage = new byte[200_000];
        new java.util.Random(7).nextBytes(garbage);
        Path file = dir.resolve("garbage.log");
        Files.write(file, garbage);

        Run run = sweep(new Sweeper(set, 2, MAX_LINE, 10_000, 4096), LogInput.file(file, LogFormat.SQUID));

        assertThat(run.matches()).isEmpty();
        Sweeper.LogSummary s = run.summary();
        assertThat(s.bytes()).isEqualTo(garbage.length);
        long empty = 0;
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n' && (i == 0 || garbage[i - 1] == '\n')) {
                empty++;
            }
        }
        assertThat(s.binary() + s.tooLong() + s.malformed()).as("every line that is not empty is skipped")
                .isEqualTo(s.lines() - empty).isPositive();
    }

    @Test
    void readsALogOfNoKnownFormatAsFreeText() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "dear diary\ntoday I saw www.evil.example.\n");

        Run run = sweep(new Sweeper(set, 1, MAX_LINE), LogInput.file(file, null));

        assertThat(run.summary().format()).isEqualTo(LogFormat.TEXT);
        assertThat(run.matches()).containsExactly("2 www.evil.example");
    }

    @Test
    void refusesAMissingLog() {
        assertThatThrownBy(() -> sweep(new Sweeper(set, 1, MAX_LINE), LogInput.file(dir.resolve("none.log"), null)))
                .isInstanceOf(SweepException.class)
                .hasMessageContaining("none.log: no such file");
    }
}
