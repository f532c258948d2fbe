package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tocsin advisory ack ID}: acknowledges an advisory, as the portal's "I have read this
 * advisory" does. Acknowledging it again changes nothing and is not an error.
 */
@Command(name = "ack",
        mixinStandardHelpOptions = true,
        description = "Acknowledges that you have read an advisory, with an optional comment for the authority. "
                + "A second acknowledgement changes nothing.",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                Tocsin.EXIT_OK_HELP, "2:Usage or input error: bad option or id, no token, a comment the server refuses.",
                "3:The server refused the token, or there is no such advisory for you (HTTP 401, 403 or 404).",
                Tocsin.EXIT_UNAVAILABLE_HELP})
final class AdvisoryAck implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The advisory's id, as tocsin advisory list shows it.")
    private UUID id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment for the authority, at most 1,000 characters.")
    private String comment;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        var body = new HashMap<String, String>();
        body.put("comment", comment);
        Server.Answer<Advisory.Details> answer = connection.server().postJson(
                "/api/v1/advisories/" + id + "/acknowledgement", body, Advisory.Details.class, "an advisory");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.json());
            return Tocsin.EXIT_OK;
        }
        Advisory.Details a = answer.value();
        if (a.copy() == null || a.copy().acknowledgedAt() == null) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer does not show the acknowledgement");
        }
        out.println("Acknowledged " + Advisory.minute(a.copy().acknowledgedAt()) + ": " + Server.printable(a.title())
                + " (" + Server.printable(a.tlp()) + ", copy " + Server.printable(a.copy().serial()) + ")");
        return Tocsin.EXIT_OK;
    }
}
