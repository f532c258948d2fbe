package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tocsin whoami}: whom the token signs in as, in which organisation, with which roles. */
@Command(name = "whoami",
        mixinStandardHelpOptions = true,
        description = "Shows the account the API token belongs to: user, organisation, sectors and roles.",
        exitCodeListHeading = Tocsin.EXIT_CODE_HEADING,
        exitCodeList = {
                Tocsin.EXIT_OK_HELP, Tocsin.EXIT_USAGE_HELP, Tocsin.EXIT_REFUSED_HELP, Tocsin.EXIT_UNAVAILABLE_HELP})
final class WhoAmI implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--json", description = "Print the server's JSON answer as it came.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    record Me(String username, String displayName, Organisation organisation, List<String> roles) {
    }

    record Organisation(String id, String name, List<String> sectors) {
    }

    @Override
    public Integer call() {
        Server.Answer<Me> answer = connection.server().get("/api/v1/me", Me.class, "an account");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.json());
            return Tocsin.EXIT_OK;
        }
        Me me = answer.value();
        if (me.username() == null) {
            throw new Failure(Tocsin.EXIT_UNAVAILABLE, "The server's answer names no user");
        }
        Organisation organisation = me.organisation();
        out.println("User:          " + Server.printable(me.username()));
        out.println("Name:          " + orNone(me.displayName()));
        out.println("Organisation:  " + (organisation == null ? "(none)" : orNone(organisation.name())));
        out.println("Sectors:       " + (organisation == null ? "(none)" : listed(organisation.sectors())));
        out.println("Roles:         " + listed(me.roles()));
        return Tocsin.EXIT_OK;
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? "(none)" : Server.printable(text);
    }

    private static String listed(List<String> items) {
        return items == null || items.isEmpty() ? "(none)" : Server.printable(String.join(", ", items));
    }
}
