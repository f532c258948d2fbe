package org.tocsin.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.tocsin.cli.sweep.IndicatorFile;
import org.tocsin.cli.sweep.IndicatorSet;
import org.tocsin.cli.sweep.IndicatorType;
import org.tocsin.cli.sweep.LogFormat;
import org.tocsin.cli.sweep.LogInput;
import org.tocsin.cli.sweep.Match;
import org.tocsin.cli.sweep.SweepException;
import org.tocsin.cli.sweep.Sweeper;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tocsin sweep}: checks the member's own logs against indicators, with exact typed
 * matching, and prints every (line, indicator) match as a JSON line.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
                "Checks logs against indicators and prints every (line, indicator) match as one JSON line:",
                "  {\"file\": F, \"line\": N, \"indicator\": ID, \"type\": T, \"value\": V, \"observed\": O}",
                "Matching is exact and typed: a domain matches itself and its subdomains, an address an equal "
                        + "address or a CIDR range holding it (IPv6 in any form), a URL once scheme and host are "
                        + "lower-cased, e-mail addresses and hashes ignoring case. A summary goes to standard error."},
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                "0:No match.", "1:Matches were found.",
                "2:Usage or input error: bad option, unreadable indicators or log, malformed indicator.",
                "3:The TAXII server refused the token or the permission (HTTP 401, 403 or 404).",
                "4:No usable answer from the TAXII server."})
final class Sweep implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--indicators", paramLabel = "FILE", required = true,
                description = "Indicators: a STIX 2.1 bundle (JSON), or TSV lines type<TAB>value with type one of "
                        + "domain, ipv4, ipv6, url, email, md5, sha1, sha256 (the id of each is its 0-based line number).")
        Path indicators;

        @Option(names = "--taxii", paramLabel = "COLLECTION", required = true,
                description = "Indicators from a TAXII 2.1 collection: its URL (https://host/taxii2/ROOT/collections/ID/), "
                        + "or its path below --url. Only what was added since the last pull is fetched; a local copy is "
                        + "kept under --cache.")
        URI taxii;
    }

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where the local copies of TAXII collections are kept. Default: $XDG_CACHE_HOME/tocsin, "
                    + "else ~/.cache/tocsin.")
    private Path cache;

    @Parameters(paramLabel = "LOG", arity = "0..*",
            description = "Log files to sweep; '-' or none reads standard input. Compressed (gzip) files are read as they are.")
    private List<String> logs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "Read every log as this format instead of telling it from the first lines: ${COMPLETION-CANDIDATES}.",
            completionCandidates = FormatNames.class)
    private LogFormat format;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that parse logs. Default: the number of processors (${DEFAULT-VALUE}).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-line", paramLabel = "BYTES", hidden = true,
            description = "Longest line parsed; longer lines are counted and skipped. Default: ${DEFAULT-VALUE}.")
    private int maxLine = Sweeper.DEFAULT_MAX_LINE;

    @Spec
    private CommandSpec spec;

    private final Terminal terminal;
    private final InputStream standardInput;
    private final Map<String, String> env;

    Sweep(Terminal terminal, InputStream standardInput, Map<String, String> env) {
        this.terminal = terminal;
        this.standardInput = standardInput;
        this.env = env;
    }

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new Failure(Tocsin.EXIT_USAGE, "--threads must be at least 1");
        }
        if (maxLine < 1024) {
            throw new Failure(Tocsin.EXIT_USAGE, "--max-line must be at least 1024");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        IndicatorSet set;
        try {
            if (source.indicators != null) {
                set = IndicatorFile.read(source.indicators);
            } else {
                String name = "the TAXII collection " + Server.printable(source.taxii.toString());
                TaxiiPull.Pulled pulled = new TaxiiPull(connection.serverOf(source.taxii), source.taxii, cacheFolder())
                        .pull(name);
                err.printf(Locale.ROOT, "TAXII: %,d new indicator object%s in %d page%s from %s%n", pulled.added(),
                        pulled.added() == 1 ? "" : "s", pulled.pages(), pulled.pages() == 1 ? "" : "s", name);
                set = IndicatorFile.readObjectLines(pulled.objects(), name);
            }
        } catch (SweepException e) {
            throw new Failure(Tocsin.EXIT_USAGE, e.getMessage());
        }
        long indexed = System.nanoTime();
        List<LogInput> inputs = new ArrayList<>();
        if (logs.isEmpty()) {
            logs.add("-");
        }
        for (String log : logs) {
            inputs.add(log.equals("-") ? LogInput.stream("-", standardInput, format) : LogInput.file(Path.of(log), format));
        }
        Progress progress = terminal.stderrIsTerminal() ? new Progress(err) : null;
        StringBuilder line = new StringBuilder(256);
        long[] matches = {0};
        List<Sweeper.LogSummary> summaries;
        try {
            summaries = new Sweeper(set, threads, maxLine).sweep(inputs, new Sweeper.Listener() {
                @Override
                public void matched(Match match) {
                    line.setLength(0);
                    json(line, match);
                    out.println(line);
                    matches[0]++;
                }

                @Override
                public void progressed(long done, long total) {
                    if (progress != null) {
                        progress.show(done, total);
                    }
                }
            });
        } catch (SweepException e) {
            if (progress != null) {
                progress.clear();
            }
            out.flush();
            throw new Failure(Tocsin.EXIT_USAGE, e.getMessage());
        }
        out.flush();
        if (progress != null) {
            progress.clear();
        }
        summary(err, set, summaries, indexed - started, System.nanoTime() - indexed);
        return matches[0] > 0 ? Tocsin.EXIT_PROBLEM_FOUND : Tocsin.EXIT_OK;
    }

    private Path cacheFolder() {
        if (cache != null) {
            return cache;
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "tocsin");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cache", "tocsin");
    }

    static void json(StringBuilder s, Match m) {
        s.append("{\"file\": ");
        string(s, m.file());
        s.append(", \"line\": ").append(m.line()).append(", \"indicator\": ");
        if (m.indicator().numbered()) {
            s.append(m.indicator().id());
        } else {
            string(s, m.indicator().id());
        }
        s.append(", \"type\": \"").append(m.indicator().type().label()).append("\", \"value\": ");
        string(s, m.indicator().value());
        s.append(", \"observed\": ");
        string(s, m.observed());
        s.append('}');
    }

    private static void string(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }

    private void summary(PrintWriter err, IndicatorSet set, List<Sweeper.LogSummary> summaries, long indexNanos,
                         long scanNanos) {
        long bytes = 0;
        long lines = 0;
        long matches = 0;
        long matchedLines = 0;
        int nameWidth = 3;
        for (Sweeper.LogSummary s : summaries) {
            bytes += s.bytes();
            lines += s.lines();
            matches += s.matches();
            matchedLines += s.matchedLines();
            nameWidth = Math.max(nameWidth, Math.min(60, Server.printable(s.name()).length()));
        }
        StringBuilder types = new StringBuilder();
        for (IndicatorType t : IndicatorType.values()) {
            int n = set.observableCount(t);
            if (n > 0) {
                types.append(types.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", n, t.label()));
            }
        }
        String observables = set.observableCount() == set.indicatorCount() ? ""
                : String.format(Locale.ROOT, " giving %,d observables", set.observableCount());
        err.printf(Locale.ROOT, "Indicators: %,d%s (%s), indexed in %.2f s%n", set.indicatorCount(), observables,
                types.length() == 0 ? "nothing to look for" : types, indexNanos / 1e9);
        for (Sweeper.LogSummary s : summaries) {
            StringBuilder skipped = new StringBuilder();
            skipped(skipped, s.malformed(), "malformed");
            skipped(skipped, s.binary(), "binary");
            skipped(skipped, s.tooLong(), "too long");
            err.printf(Locale.ROOT, "  %-" + nameWidth + "s  %-8s %,15d bytes %,12d lines %,8d matching lines%s%n",
                    Server.printable(s.name()), s.format().label(), s.bytes(), s.lines(), s.matchedLines(),
                    skipped.length() == 0 ? "" : "  skipped: " + skipped);
        }
        double seconds = scanNanos / 1e9;
        err.printf(Locale.ROOT, "Swept %,d bytes, %,d lines in %.2f s (%.0f MB/s, %d thread%s): %,d match%s on %,d line%s.%n",
                bytes, lines, seconds, seconds > 0 ? bytes / seconds / 1e6 : 0.0, threads, threads == 1 ? "" : "s",
                matches, matches == 1 ? "" : "es", matchedLines, matchedLines == 1 ? "" : "s");
    }

    private static void skipped(StringBuilder s, long count, String what) {
        if (count > 0) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", count, what));
        }
    }

    static final class FormatConverter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            LogFormat f = LogFormat.ofLabel(value);
            if (f == null) {
                throw new TypeConversionException("unknown format '" + value + "'; expected one of " + LogFormat.labels());
            }
            return f;
        }
    }

    static final class FormatNames extends ArrayList<String> {
        FormatNames() {
            for (LogFormat f : LogFormat.values()) {
                add(f.label());
            }
        }
    }
}
