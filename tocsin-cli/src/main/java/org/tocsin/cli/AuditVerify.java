package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tocsin audit verify}: has the server check its hash-chained audit trail, and exits
 * {@link Tocsin#EXIT_PROBLEM_FOUND} if the chain is broken, so that a scheduled job can raise the
 * alarm.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = "Has the server check every entry of its hash-chained audit trail and reports "
                + "whether the chain is intact.",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                "0:The audit trail is intact.", Tocsin.EXIT_PROBLEM_FOUND_HELP, Tocsin.EXIT_USAGE_HELP,
                Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
final class AuditVerify implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    record Verification(Boolean valid, Long entries, Long brokenAt, String problem) {
    }

    @Override
    public Integer call() {
        Server.Answer<Verification> answer =
                connection.server().get("/api/v1/audit/verify", Verification.class, "an audit verification");
        Verification verification = answer.value();
        // Read even with --json: the exit code must say whether the chain is intact either way.
        if (verification.valid() == null) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer does not say whether the audit trail is valid");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.json());
        } else if (verification.valid()) {
            out.println("Audit trail intact: " + entries(verification.entries()) + " verified.");
        } else {
            out.println("Audit trail BROKEN"
                    + (verification.brokenAt() == null ? "" : " at entry " + verification.brokenAt())
                    + (verification.problem() == null ? "." : ": " + Server.printable(verification.problem())));
        }
        return verification.valid() ? Tocsin.EXIT_OK : Tocsin.EXIT_PROBLEM_FOUND;
    }

    private static String entries(Long count) {
        if (count == null) {
            return "all entries";
        }
        return count + (count == 1 ? " entry" : " entries");
    }
}
