package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tocsin advisory list}: the advisories sent to this account, newest first. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the advisories sent to you, newest first, with the state of your copy "
                + "(DELIVERED, VIEWED, ACKNOWLEDGED). The authority's staff see every advisory and its status.",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                Tocsin.EXIT_OK_HELP, Tocsin.EXIT_USAGE_HELP, Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
final class AdvisoryList implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Server.Answer<Advisory.Items> answer =
                connection.server().get("/api/v1/advisories", Advisory.Items.class, "a list of advisories");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.json());
            return Tocsin.EXIT_OK;
        }
        var items = answer.value().items();
        if (items == null || items.isEmpty()) {
            out.println("No advisories.");
            return Tocsin.EXIT_OK;
        }
        String format = "%-36s  %-16s  %-8s  %-12s  %-10s  %s%n";
        out.printf(format, "ID", "LABEL", "SEVERITY", "STATE", "PUBLISHED", "TITLE");
        for (Advisory.Item item : items) {
            String state = item.state() != null ? item.state() : item.status();
            String published = item.publishedAt() == null || item.publishedAt().length() < 10 ? "-"
                    : item.publishedAt().substring(0, 10);
            out.printf(format, Server.printable(item.id()), Server.printable(item.tlp()), Server.printable(item.severity()),
                    Server.printable(state), Server.printable(published), Server.printable(item.title()));
        }
        return Tocsin.EXIT_OK;
    }
}
