package org.tocsin.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tocsin advisory}: the advisories sent to this account (or, for the authority's staff,
 * every advisory), one of them in full, and its acknowledgement.
 */
@Command(name = "advisory",
        mixinStandardHelpOptions = true,
        description = "Reads and acknowledges advisories.",
        subcommands = {AdvisoryList.class, AdvisoryShow.class, AdvisoryAck.class})
final class Advisory implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: give tocsin advisory list, show ID or ack ID");
    }

    /** One line of {@code GET /api/v1/advisories}; {@code state} is the caller's copy's, absent for the authority. */
    record Item(String id, Integer version, String title, String tlp, String severity, String status,
            String publishedAt, String state) {
    }

    record Items(List<Item> items) {
    }

    /**
     * An advisory as {@code GET /api/v1/advisories/ID} gives it: a recipient's own copy (with
     * {@code copy} and each action's progress), or the authority's view (with {@code recipients}).
     */
    record Details(String id, Integer version, String status, String title, String tlp, String severity,
            Integer confidence, String summary, String body, String annex, String publishedAt, List<String> changes,
            List<Action> actions, Copy copy, Integer recipients) {
    }

    record Action(Integer n, String text, String ownerRole, Integer dueDays, String dueAt, String status,
            String comment) {
    }

    record Copy(String serial, String state, String deliveredAt, String viewedAt, String acknowledgedAt,
            String comment) {
    }

    /** Prints text from the server line by line, each made safe, indented. */
    static void block(PrintWriter out, String text, String indent) {
        if (text == null || text.isBlank()) {
            out.println(indent + "(none)");
            return;
        }
        text.lines().forEach(line -> out.println(line.isBlank() ? "" : indent + Server.printable(line)));
    }

    /** A time from the server, {@code 2026-11-26T10:15:30.123456Z}, shortened to the minute. */
    static String minute(String time) {
        if (time == null || time.length() < 16) {
            return time == null ? "" : Server.printable(time);
        }
        return Server.printable(time.substring(0, 10) + " " + time.substring(11, 16) + " UTC");
    }
}
