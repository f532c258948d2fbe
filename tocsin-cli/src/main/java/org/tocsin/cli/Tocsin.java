package org.tocsin.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code tocsin} command: a member's or the authority's client for a Tocsin server.
 *
 * <p>Every run ends with one of the exit codes below, so that scripts and monitoring can act on
 * the outcome without reading the messages:
 * <table>
 * <caption>Exit codes</caption>
 * <tr><th>code</th><th>meaning</th></tr>
 * <tr><td>{@value #EXIT_OK}</td><td>success; for {@code audit verify}, the trail is intact</td></tr>
 * <tr><td>{@value #EXIT_PROBLEM_FOUND}</td><td>the check found a problem: the audit trail is
 *     broken, or sweep found matches</td></tr>
 * <tr><td>{@value #EXIT_USAGE}</td><td>usage or input error: bad option, no token, unreadable
 *     token file, malformed URL</td></tr>
 * <tr><td>{@value #EXIT_REFUSED}</td><td>the server refused the token or the permission (HTTP
 *     401, 403, 404)</td></tr>
 * <tr><td>{@value #EXIT_UNAVAILABLE}</td><td>no usable answer: server unreachable, timed out,
 *     server error (5xx), a redirect, or an answer that cannot be read</td></tr>
 * </table>
 */
@Command(name = "tocsin",
        mixinStandardHelpOptions = true,
        versionProvider = Tocsin.Version.class,
        description = "Client for a Tocsin server: secure warnings and threat intelligence for "
                + "critical national infrastructure.",
        subcommands = {WhoAmI.class, Audit.class, Import.class, Export.class, Sweep.class, Advisory.class,
                Investigate.class, HelpCommand.class},
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                Tocsin.EXIT_INTACT_HELP, Tocsin.EXIT_PROBLEM_FOUND_HELP, Tocsin.EXIT_USAGE_HELP,
                Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
public final class Tocsin implements Callable<Integer> {

    /** Success; for {@code audit verify}, the audit trail is intact. */
    public static final int EXIT_OK = 0;
    /** The check ran and found a problem: the audit trail is broken, or sweep found matches. */
    public static final int EXIT_PROBLEM_FOUND = 1;
    /** Usage or input error: bad option, no token, unreadable token file, malformed URL. */
    public static final int EXIT_USAGE = 2;
    /** The server refused the token or the permission: HTTP 401, 403 or 404. */
    public static final int EXIT_REFUSED = 3;
    /** No usable answer: unreachable, timed out, 5xx, a redirect, or an unreadable answer. */
    public static final int EXIT_UNAVAILABLE = 4;

    // Shared by the usage help of every command, so that the codes are documented in one place.
    static final String EXIT_CODE_HEADING = "%nExit codes:%n";
    static final String EXIT_OK_HELP = "0:Success.";
    static final String EXIT_INTACT_HELP = "0:Success; for audit verify, the audit trail is intact.";
    static final String EXIT_PROBLEM_FOUND_HELP =
            "1:The check found a problem: the audit trail is broken, or sweep found matches.";
    static final String EXIT_USAGE_HELP =
            "2:Usage or input error: bad option, no token, unreadable token file, malformed URL.";
    static final String EXIT_REFUSED_HELP =
            "3:The server refused the token or the permission (HTTP 401, 403 or 404).";
    static final String EXIT_UNAVAILABLE_HELP = "4:No usable answer: server unreachable or timed out, "
            + "server error (5xx), a redirect, or an answer that cannot be read.";

    @Spec
    private CommandSpec spec;

    /**
     * Runs the {@code tocsin} command and exits the process with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs the {@code tocsin} command as {@link #main} does, without exiting the process.
     *
     * <p>Results go to {@code out}; messages about failures, and usage help after a usage error, go
     * to {@code err}. Neither ever shows a stack trace or the API token. Nothing is read from the
     * process environment or written to {@code System.out} or {@code System.err}; everything comes
     * in through the parameters, so that tests can run the command in-process.
     *
     * @param args the command line, without the program name, for example
     *             {@code {"audit", "verify", "--token-file", "/run/secrets/tocsin"}}
     * @param out where results go, encoded with that stream's charset
     * @param err where error messages go, encoded with that stream's charset
     * @param env the environment variables to use in place of the process's; the command reads
     *            {@code TOCSIN_URL} and {@code TOCSIN_TOKEN}
     * @return the exit code: one of {@link #EXIT_OK}, {@link #EXIT_PROBLEM_FOUND},
     *         {@link #EXIT_USAGE}, {@link #EXIT_REFUSED} or {@link #EXIT_UNAVAILABLE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, System.in, out, err, env);
    }

    /**
     * Runs the {@code tocsin} command as {@link #run(String[], PrintStream, PrintStream, Map)}
     * does, with {@code in} as standard input (which {@code sweep} reads when given no log or
     * {@code -}).
     *
     * @param args the command line, without the program name
     * @param in standard input
     * @param out where results go
     * @param err where error messages and summaries go; a progress bar is drawn on it only when
     *            it is the process's standard error and that is a terminal
     * @param env the environment variables to use in place of the process's
     * @return the exit code
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        PrintWriter outWriter = writerOn(out);
        PrintWriter errWriter = writerOn(err);
        Terminal terminal = err == System.err ? Terminal.ofProcess() : Terminal.NONE;
        try {
            return new CommandLine(new Tocsin(), new Factory(Map.copyOf(env), terminal, in))
                    .setOut(outWriter)
                    .setErr(errWriter)
                    .setParameterExceptionHandler(new UsageErrorHandler(tokensIn(args)))
                    .setExecutionExceptionHandler(new FailureHandler())
                    .execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: give one of whoami, audit, import, export, sweep, advisory, help");
    }

    // A PrintWriter made directly over the stream would encode with the platform default charset
    // rather than the one the caller chose for the stream.
    private static PrintWriter writerOn(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                stream.print(new String(chars, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }

    // Picocli repeats arguments it could not place in its error messages, so a token given on the
    // command line next to a mistyped option would otherwise be printed.
    private static List<String> tokensIn(String[] args) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(ConnectionOptions.TOKEN_OPTION) && i + 1 < args.length) {
                tokens.add(args[i + 1]);
            } else if (args[i].startsWith(ConnectionOptions.TOKEN_OPTION + "=")) {
                tokens.add(args[i].substring(ConnectionOptions.TOKEN_OPTION.length() + 1));
            }
        }
        tokens.removeIf(String::isEmpty);
        return tokens;
    }

    /**
     * Creates the commands and gives the connection options the environment passed to run, and
     * sweep its standard input and terminal.
     */
    private record Factory(Map<String, String> env, Terminal terminal, InputStream in) implements IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ConnectionOptions.class) {
                return type.cast(new ConnectionOptions(env));
            }
            if (type == Sweep.class) {
                return type.cast(new Sweep(terminal, in, env));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    private record UsageErrorHandler(List<String> tokens) implements IParameterExceptionHandler {

        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine command = ex.getCommandLine();
            PrintWriter err = command.getErr();
            String message = ex.getMessage();
            for (String token : tokens) {
                message = message.replace(token, "****");
            }
            err.println("tocsin: " + message);
            if (ex instanceof UnmatchedArgumentException unmatched) {
                UnmatchedArgumentException.printSuggestions(unmatched, err);
            }
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        }
    }

    private static final class FailureHandler implements IExecutionExceptionHandler {

        @Override
        public int handleExecutionException(Exception ex, CommandLine command, CommandLine.ParseResult parseResult) {
            if (ex instanceof Failure failure) {
                command.getErr().println("tocsin: " + failure.getMessage());
                return failure.exitCode();
            }
            // A defect in the client. Scripts must not read it as "problem found" (exit 1): like
            // an unreachable server, it means the check could not be done.
            command.getErr().println("tocsin: internal error: " + ex);
            return EXIT_UNAVAILABLE;
        }
    }

    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Tocsin.class.getPackage().getImplementationVersion();
            return new String[] {"tocsin " + (version == null ? "(development build)" : version)};
        }
    }
}
