package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tocsin advisory show ID}: your copy of an advisory in full. Opening it counts as viewing
 * it, exactly as in the portal; it does not acknowledge it.
 */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = "Shows your copy of an advisory: label, summary, the advisory itself, the recommended actions "
                + "with your progress, and the technical annex. This marks your copy viewed (not acknowledged).",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                Tocsin.EXIT_OK_HELP, Tocsin.EXIT_USAGE_HELP,
                "3:The server refused the token, or there is no such advisory for you (HTTP 401, 403 or 404).",
                Tocsin.EXIT_UNAVAILABLE_HELP})
final class AdvisoryShow implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The advisory's id, as tocsin advisory list shows it.")
    private UUID id;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Server.Answer<Advisory.Details> answer =
                connection.server().get("/api/v1/advisories/" + id, Advisory.Details.class, "an advisory");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.json());
            return Tocsin.EXIT_OK;
        }
        Advisory.Details a = answer.value();
        String label = Server.printable(a.tlp());
        out.println(label);
        out.println("Title:         " + Server.printable(a.title()));
        out.println("Severity:      " + Server.printable(a.severity()));
        out.println("Confidence:    " + (a.confidence() == null ? "not stated" : a.confidence() + " of 100"));
        out.println("Version:       " + a.version() + (a.publishedAt() == null ? ", " + Server.printable(a.status())
                : ", published " + Advisory.minute(a.publishedAt())));
        if (a.changes() != null && !a.changes().isEmpty()) {
            out.println("Changed:       " + Server.printable(String.join(", ", a.changes())));
        }
        Advisory.Copy copy = a.copy();
        if (copy != null) {
            out.println("Your copy:     " + Server.printable(copy.serial()) + ", " + Server.printable(copy.state()));
            out.println("Acknowledged:  " + (copy.acknowledgedAt() == null
                    ? "not yet (tocsin advisory ack " + id + ")" : Advisory.minute(copy.acknowledgedAt())));
        } else if (a.recipients() != null) {
            out.println("Recipients:    " + a.recipients());
        }
        out.println();
        out.println("Summary");
        Advisory.block(out, a.summary(), "  ");
        out.println();
        out.println("Advisory");
        Advisory.block(out, a.body(), "  ");
        out.println();
        out.println("Recommended actions");
        if (a.actions() != null) {
            for (Advisory.Action action : a.actions()) {
                out.println("  " + action.n() + ". " + Server.printable(action.text()) + " (owner "
                        + Server.printable(action.ownerRole())
                        + (action.dueAt() != null ? ", due " + Advisory.minute(action.dueAt())
                                : ", due " + action.dueDays() + " days after publication")
                        + ")" + (action.status() != null ? ": " + Server.printable(action.status()) : ""));
                if (action.comment() != null && !action.comment().isBlank()) {
                    Advisory.block(out, action.comment(), "     ");
                }
            }
        }
        if (a.annex() != null && !a.annex().isBlank()) {
            out.println();
            out.println("Technical annex");
            Advisory.block(out, a.annex(), "  ");
        }
        out.println();
        out.println(label);
        return Tocsin.EXIT_OK;
    }
}
