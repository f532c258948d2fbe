package org.tocsin.advisory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.tocsin.membership.Role;

/**
 * The authority's view of how the recipients of an advisory's published version have come along:
 * viewed, acknowledged and acted on (every recommended action reported done or not applicable),
 * in total, by sector, by organisation and by action, over time since publication, and who is late.
 * Made by {@code Dashboards}; public so that the page can read it.
 *
 * @param advisory the advisory in its current version (a new draft, perhaps), for its title and links
 * @param published the published version, whose recipients these are, or null if it was never published
 * @param asOf the moment the figures describe
 * @param overTime cumulative counts from publication to {@code asOf}, at evenly spaced moments
 * @param late the recipients who are late with their acknowledgement or an action, by organisation
 * @param entries every recipient, in the order of the distribution (by username)
 */
public record Dashboard(Advisory advisory, Advisory published, OffsetDateTime asOf, Distribution distribution, Counts total,
        List<Group> bySector, List<Group> byOrganisation, List<ActionTally> byAction, List<Point> overTime,
        List<Entry> late, List<Entry> entries) {

    /** How many recipients have come how far; {@code late} counts those late with anything. */
    public record Counts(int recipients, int viewed, int acknowledged, int acted, int late) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        Counts add(Entry e) {
            return new Counts(recipients + 1, viewed + (e.recipient().viewedAt() != null ? 1 : 0),
                    acknowledged + (e.recipient().acknowledgedAt() != null ? 1 : 0), acted + (e.actedAt() != null ? 1 : 0),
                    late + (e.isLate() ? 1 : 0));
        }

        public int percent(int part) {
            return recipients == 0 ? 0 : (int) Math.round(100.0 * part / recipients);
        }
    }

    /** A sector (key: its slug) or an organisation (key: its id) and its counts. */
    public record Group(String key, String name, Counts counts) {}

    /** What the recipients reported on one recommended action. */
    public record ActionTally(int n, String text, Role owner, OffsetDateTime dueAt, int notStarted, int inProgress, int done,
            int notApplicable, int late) {}

    /** Cumulative counts at one moment. */
    public record Point(OffsetDateTime at, int viewed, int acknowledged, int acted) {}

    /**
     * One recipient with what the dashboard works out for them.
     *
     * @param actedAt when their last action was resolved, if all are; else null
     * @param acknowledgementDue when their acknowledgement falls (or fell) due
     * @param acknowledgementLate whether they have not acknowledged and that moment has passed
     * @param lateActions the numbers of the actions past their deadline that they have not resolved
     */
    public record Entry(Distribution.Recipient recipient, OffsetDateTime actedAt, OffsetDateTime acknowledgementDue,
            boolean acknowledgementLate, List<Integer> lateActions) {

        public boolean isLate() {
            return acknowledgementLate || !lateActions.isEmpty();
        }

        /** What they are late with, in words, for example "not acknowledged; action 2 past deadline". */
        public String lateness() {
            var parts = new ArrayList<String>();
            if (acknowledgementLate) {
                parts.add("not acknowledged");
            }
            if (!lateActions.isEmpty()) {
                parts.add((lateActions.size() == 1 ? "action " : "actions ")
                        + lateActions.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " past deadline");
            }
            return String.join("; ", parts);
        }
    }

    public boolean isPublished() {
        return published != null;
    }
}
