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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.tocsin.cli.sweep.IndicatorFile;
import org.tocsin.cli.sweep.IndicatorSet;
import org.tocsin.cli.sweep.IndicatorType;
import org.tocsin.cli.sweep.LogFormat;
import org.tocsin.cli.sweep.LogInput;
import org.tocsin.cli.sweep.LogTime;
import org.tocsin.cli.sweep.Match;
import org.tocsin.cli.sweep.SweepException;
import org.tocsin.cli.sweep.Sweeper;

import org.tocsin.stix.Tlp;

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
                "3:The TAXII server, or Tocsin for --report, refused the token or the permission (HTTP 401, 403 or 404).",
                "4:No usable answer from the TAXII server, or from Tocsin for --report (the matches printed stand)."})
final class Sweep implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--indicators", paramLabel = "FILE", required = true,
                description = "Indicators: a STIX 2.1 bundle (JSON), or TSV lines type<TAB>value with type one of "
                        + "domain, ipv4, ipv6, url, email, md5, sha1, sha256 (the id of each is its 0-based line number).")
        Path indicators;

        @Option(names = "--taxii", paramLabel = "URL", required = true,
                description = "Indicators from a TAXII 2.1 collection: its URL (https://host/taxii2/ROOT/collections/ID/), "
                        + "or the API root's URL with --collection, or a path below --url. https, or http to localhost "
                        + "only. Only what was added since the last pull is fetched; a local copy is kept under --cache.")
        URI taxii;
    }

    @Option(names = "--collection", paramLabel = "ID",
            description = "With --taxii giving an API root (https://host/taxii2/ROOT/): the id of the collection.")
    private String collection;

    @Option(names = "--taxii-user", paramLabel = "NAME",
            description = "Sign in to the TAXII server with HTTP Basic: this user name and the token as the password "
                    + "(default: the token as a bearer token).")
    private String taxiiUser;

    @Option(names = "--refresh", description = "Forget the local copy of the TAXII collection and fetch all of it again.")
    private boolean refresh;

    @Option(names = "--report",
            description = "After the sweep, report a STIX sighting of each indicator that matched to Tocsin (--url): "
                    + "the number of matches, when first and last seen (from the logs' times, else the sweep's), and, "
                    + "if --report-as allows, your organisation. Needs STIX indicators (a bundle or --taxii): TSV "
                    + "indicators have no STIX id.")
    private boolean report;

    @Option(names = "--report-as", paramLabel = "WHO", converter = ConsentConverter.class,
            description = "Who may learn that your organisation saw them: anonymous (default: nobody, the authority "
                    + "sees only sector totals), authority (the authority only), all (everyone they are passed on to).")
    private SightingReport.Consent reportAs = SightingReport.Consent.ANONYMOUS;

    @Option(names = "--report-tlp", paramLabel = "LABEL", converter = TlpConverter.class,
            description = "The least strict TLP label of the sightings: TLP:CLEAR, TLP:GREEN or TLP:AMBER (default). "
                    + "A sighting takes the stricter of this and its indicator's label; one that would be "
                    + "TLP:AMBER+STRICT or TLP:RED is not sent.")
    private Tlp reportTlp = Tlp.AMBER;

    @Option(names = "--log-zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "The time zone of log times written without one (BIND, classic syslog): for the times "
                    + "sightings report. Default: UTC.")
    private ZoneId logZone = ZoneOffset.UTC;

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
        if (source.taxii == null && (collection != null || taxiiUser != null || refresh)) {
            throw new Failure(Tocsin.EXIT_USAGE, "--collection, --taxii-user and --refresh go with --taxii");
        }
        if (taxiiUser != null && (taxiiUser.isEmpty() || taxiiUser.contains(":")
                || !taxiiUser.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new Failure(Tocsin.EXIT_USAGE, "--taxii-user must be a user name of visible characters without ':'");
        }
        if (reportTlp.isStricterThan(Tlp.AMBER)) {
            throw new Failure(Tocsin.EXIT_USAGE, "--report-tlp must be TLP:CLEAR, TLP:GREEN or TLP:AMBER: a sighting of "
                    + reportTlp.label() + " could not be sent to the authority");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant sweptAt = Instant.now();
        long started = System.nanoTime();
        URI taxii = source.taxii == null ? null : collectionUrl();
        Path stixSource = null;
        boolean objectLines = false;
        SightingReport sightings = null;
        IndicatorSet set;
        try {
            if (report && source.indicators != null && !IndicatorFile.isStixBundle(source.indicators)) {
                throw new Failure(Tocsin.EXIT_USAGE, "--report needs STIX indicators (a bundle or --taxii): the TSV "
                        + "indicators of " + source.indicators + " have no STIX id to report a sighting of. Nothing was swept.");
            }
            if (report) {
                sightings = SightingReport.start(reportServer(taxii), reportAs, reportTlp, sweptAt,
                        cacheFolder().resolve("sightings").resolve("key"));
            }
            if (source.indicators != null) {
                set = IndicatorFile.read(source.indicators);
                stixSource = source.indicators;
            } else {
                String name = "the TAXII collection " + Server.printable(taxii.toString());
                TaxiiPull.Pulled pulled = new TaxiiPull(connection.serverOf(taxii, taxiiUser), taxii, cacheFolder(), refresh)
                        .pull(name);
                err.printf(Locale.ROOT, "TAXII: %,d new indicator object%s in %d page%s from %s (%,d in the local copy)%n",
                        pulled.added(), pulled.added() == 1 ? "" : "s", pulled.pages(), pulled.pages() == 1 ? "" : "s",
                        name, pulled.kept());
                set = IndicatorFile.readObjectLines(pulled.objects(), name);
                stixSource = pulled.objects();
                objectLines = true;
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
            SightingReport tally = sightings;
            Sweeper sweeper = new Sweeper(set, threads, maxLine).readingTimes(new LogTime(logZone, sweptAt));
            summaries = sweeper.sweep(inputs, new Sweeper.Listener() {
                @Override
                public void matched(Match match) {
                    line.setLength(0);
                    json(line, match);
                    out.println(line);
                    matches[0]++;
                    if (tally != null) {
                        tally.add(match);
                    }
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
        if (sightings != null) {
            report(err, sightings, stixSource, objectLines);
        }
        return matches[0] > 0 ? Tocsin.EXIT_PROBLEM_FOUND : Tocsin.EXIT_OK;
    }

    private void report(PrintWriter err, SightingReport sightings, Path stixSource, boolean objectLines) {
        if (sightings.indicators().isEmpty()) {
            err.println("Nothing to report: no indicator matched.");
            return;
        }
        Map<String, Tlp> labels;
        try {
            labels = IndicatorFile.labels(stixSource, objectLines, sightings.indicators());
        } catch (SweepException e) {
            throw new Failure(Tocsin.EXIT_USAGE, e.getMessage() + ". Nothing was reported.");
        }
        err.flush();
        SightingReport.Outcome outcome = sightings.send(labels);
        sightings.summary(err, outcome);
        if (!outcome.refused().isEmpty()) {
            throw new Failure(Tocsin.EXIT_REFUSED, "Tocsin refused " + outcome.refused().size() + " of the sightings; "
                    + "none of that envelope was stored");
        }
    }

    /** The collection's URL: --taxii, or the API root --taxii names with --collection. */
    private URI collectionUrl() {
        if (collection == null) {
            return source.taxii;
        }
        if (!collection.matches("[A-Za-z0-9._~-]{1,200}")) {
            throw new Failure(Tocsin.EXIT_USAGE, "--collection must be a collection id (letters, digits, '-', '.', '_', '~')");
        }
        if (source.taxii.getRawQuery() != null || source.taxii.getRawFragment() != null) {
            throw new Failure(Tocsin.EXIT_USAGE, "With --collection, --taxii must be the API root's URL, without ? or #");
        }
        String root = source.taxii.toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + "collections/" + collection + "/");
    }

    /**
     * Where sightings go: the Tocsin server of --url (or $TOCSIN_URL); failing those, the server
     * of an absolute --taxii URL, which is then Tocsin's own TAXII endpoint.
     */
    private Server reportServer(URI taxii) {
        if (connection.serverNamed() || taxii == null || taxii.getScheme() == null) {
            return connection.server();
        }
        return connection.serverOf(taxii, null);
    }

    static final class ConsentConverter implements ITypeConverter<SightingReport.Consent> {
        @Override
        public SightingReport.Consent convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "anonymous", "none" -> SightingReport.Consent.ANONYMOUS;
                case "authority" -> SightingReport.Consent.AUTHORITY;
                case "all", "everyone" -> SightingReport.Consent.ALL;
                default -> throw new TypeConversionException("'" + value + "' is not one of anonymous, authority, all");
            };
        }
    }

    static final class TlpConverter implements ITypeConverter<Tlp> {
        @Override
        public Tlp convert(String value) {
            String label = value.toUpperCase(Locale.ROOT);
            try {
                return Tlp.parse(label.startsWith("TLP:") ? label : "TLP:" + label);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a TLP label; give TLP:CLEAR, TLP:GREEN or TLP:AMBER");
            }
        }
    }

    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (java.time.DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time zone, such as UTC, Europe/London or +01:00");
            }
        }
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
