package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.tocsin.intel.Exports;

/**
 * The dashboard's recipients as CSV (RFC 4180, every cell quoted, lines ending CRLF), one line per
 * recipient with their progress on each action. Recipients write the comments, so every cell is
 * made safe the way all of Tocsin's CSV is ({@link Exports#cell}): a spreadsheet never takes one
 * for a formula. Times are ISO 8601 in UTC.
 */
final class RecipientsCsv {

    private RecipientsCsv() {}

    static String of(Dashboard dashboard) {
        var header = new ArrayList<>(List.of("username", "organisation", "sectors", "copy_serial", "state",
                "delivered_at", "viewed_at", "acknowledged_at", "acknowledgement_due", "acknowledgement_comment",
                "acted_on_at", "late"));
        var actions = dashboard.isPublished() ? dashboard.published().actions() : List.<Advisory.Action>of();
        for (var action : actions) {
            header.addAll(List.of("action_" + action.n() + "_status", "action_" + action.n() + "_comment",
                    "action_" + action.n() + "_updated_at", "action_" + action.n() + "_due"));
        }
        var out = new StringBuilder();
        line(out, header);
        for (var e : dashboard.entries()) {
            var r = e.recipient();
            var cells = new ArrayList<>(List.of(r.username(), r.organisation(), String.join(" ", r.sectors()),
                    r.serial(), r.state().name(), time(r.deliveredAt()), time(r.viewedAt()), time(r.acknowledgedAt()),
                    time(e.acknowledgementDue()), text(r.comment()), time(e.actedAt()), e.lateness()));
            for (var action : actions) {
                var report = r.actions().get(action.n() - 1);
                cells.addAll(List.of(report.status().name(), text(report.comment()), time(report.updatedAt()),
                        time(Overdue.actionDue(dashboard.published().publishedAt(), action.dueDays()))));
            }
            line(out, cells);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            out.append(i == 0 ? "" : ",").append(Exports.cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String time(OffsetDateTime time) {
        return time == null ? "" : DateTimeFormatter.ISO_INSTANT.format(time);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
