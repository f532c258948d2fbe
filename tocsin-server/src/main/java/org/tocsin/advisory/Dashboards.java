package org.tocsin.advisory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.membership.Refusal;

/**
 * Works out the authority's dashboard of an advisory from its frozen recipient list: nothing here
 * is stored, so the figures are always those of the moment. A recipient has "acted on" the
 * advisory when they have reported every recommended action done or not applicable; the moment
 * they did is the last of those reports. The figures over time are drawn from the times recorded
 * with each recipient's copy (first view, acknowledgement, latest report on each action), so a
 * report changed later counts from its latest change.
 */
@Service
class Dashboards {

    /** At most this many intervals between publication and now on the chart and in its table. */
    static final int MAX_INTERVALS = 12;

    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30),
            Duration.ofDays(91), Duration.ofDays(365));

    private final Advisories advisories;
    private final Overdue overdue;
    private final Clock clock;

    Dashboards(Advisories advisories, Overdue overdue, Clock clock) {
        this.advisories = advisories;
        this.overdue = overdue;
        this.clock = clock;
    }

    /** The dashboard of an advisory as of now; not found if there is no such advisory. */
    @Transactional(readOnly = true)
    Dashboard of(UUID id) {
        var current = advisories.advisory(id).orElseThrow(() -> Refusal.notFound("Advisory"));
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        var published = advisories.publishedVersion(id).orElse(null);
        if (published == null) {
            return new Dashboard(current, null, now, advisories.distribution(id), Dashboard.Counts.NONE, List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of());
        }
        return of(current, published, advisories.distribution(id), now, overdue);
    }

    /** The figures for one distribution of a published version, as of {@code now}. */
    static Dashboard of(Advisory current, Advisory published, Distribution distribution, OffsetDateTime now,
            Overdue rule) {
        var entries = distribution.recipients().stream().map(r -> entry(published, r, now, rule)).toList();

        var total = Dashboard.Counts.NONE;
        var bySector = new LinkedHashMap<String, Dashboard.Counts>();
        var byOrganisation = new LinkedHashMap<UUID, Dashboard.Counts>();
        for (var e : entries) {
            total = total.add(e);
            for (var sector : e.recipient().sectors()) {
                bySector.merge(sector, Dashboard.Counts.NONE.add(e), (a, b) -> a.add(e));
            }
            byOrganisation.merge(e.recipient().organisationId(), Dashboard.Counts.NONE.add(e), (a, b) -> a.add(e));
        }
        var sectorNames = new LinkedHashMap<String, String>();
        distribution.bySector().forEach(t -> sectorNames.put(t.key(), t.name()));
        var organisationNames = new LinkedHashMap<UUID, String>();
        distribution.recipients().forEach(r -> organisationNames.putIfAbsent(r.organisationId(), r.organisation()));

        var late = entries.stream().filter(Dashboard.Entry::isLate)
                .sorted(Comparator.comparing((Dashboard.Entry e) -> e.recipient().organisation())
                        .thenComparing(e -> e.recipient().username()))
                .toList();
        return new Dashboard(current, published, now, distribution, total,
                groups(bySector, sectorNames::get), groups(byOrganisation, organisationNames::get),
                actions(published, entries, now), overTime(published.publishedAt(), now, entries), late, entries);
    }

    private static Dashboard.Entry entry(Advisory published, Distribution.Recipient r, OffsetDateTime now, Overdue rule) {
        OffsetDateTime actedAt = null;
        boolean allResolved = !r.actions().isEmpty();
        var lateActions = new ArrayList<Integer>();
        for (var action : published.actions()) {
            var report = r.actions().get(action.n() - 1);
            if (Overdue.resolved(report.status())) {
                if (actedAt == null || report.updatedAt().isAfter(actedAt)) {
                    actedAt = report.updatedAt();
                }
            } else {
                allResolved = false;
                if (Overdue.actionLate(published.publishedAt(), action.dueDays(), report.status(), now)) {
                    lateActions.add(action.n());
                }
            }
        }
        return new Dashboard.Entry(r, allResolved ? actedAt : null,
                rule.acknowledgementDue(published.severity(), r.deliveredAt()),
                rule.acknowledgementLate(published.severity(), r.deliveredAt(), r.acknowledgedAt(), now),
                List.copyOf(lateActions));
    }

    private static <K> List<Dashboard.Group> groups(Map<K, Dashboard.Counts> counts,
            java.util.function.Function<K, String> names) {
        return counts.entrySet().stream()
                .map(e -> new Dashboard.Group(e.getKey().toString(), nameOr(names.apply(e.getKey()), e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(Dashboard.Group::name).thenComparing(Dashboard.Group::key))
                .toList();
    }

    private static String nameOr(String name, Object key) {
        return name == null || name.isBlank() ? key.toString() : name;
    }

    private static List<Dashboard.ActionTally> actions(Advisory published, List<Dashboard.Entry> entries,
            OffsetDateTime now) {
        var tallies = new ArrayList<Dashboard.ActionTally>();
        for (var action : published.actions()) {
            int[] byStatus = new int[ActionStatus.values().length];
            int late = 0;
            for (var e : entries) {
                var status = e.recipient().actions().get(action.n() - 1).status();
                byStatus[status.ordinal()]++;
                if (Overdue.actionLate(published.publishedAt(), action.dueDays(), status, now)) {
                    late++;
                }
            }
            tallies.add(new Dashboard.ActionTally(action.n(), action.text(), action.ownerRole(),
                    Overdue.actionDue(published.publishedAt(), action.dueDays()),
                    byStatus[ActionStatus.NOT_STARTED.ordinal()], byStatus[ActionStatus.IN_PROGRESS.ordinal()],
                    byStatus[ActionStatus.DONE.ordinal()], byStatus[ActionStatus.NOT_APPLICABLE.ordinal()], late));
        }
        return List.copyOf(tallies);
    }

    /**
     * Cumulative counts at publication and then every {@link #step} until now, the last moment
     * being now itself: at most {@link #MAX_INTERVALS} intervals, each a round length of time but
     * the last, which may be up to a quarter longer. At publication itself, only the one point.
     */
    static List<Dashboard.Point> overTime(OffsetDateTime publishedAt, OffsetDateTime now, List<Dashboard.Entry> entries) {
        var end = now.isAfter(publishedAt) ? now : publishedAt;
        var step = step(Duration.between(publishedAt, end));
        var viewed = sorted(entries.stream().map(e -> e.recipient().viewedAt()).toList());
        var acknowledged = sorted(entries.stream().map(e -> e.recipient().acknowledgedAt()).toList());
        var acted = sorted(entries.stream().map(Dashboard.Entry::actedAt).toList());
        var moments = new ArrayList<OffsetDateTime>();
        moments.add(publishedAt);
        // Every step while it is clearly (a quarter of a step) before now, then now.
        for (var at = publishedAt.plus(step); at.plus(step.dividedBy(4)).isBefore(end); at = at.plus(step)) {
            moments.add(at);
        }
        if (end.isAfter(publishedAt)) {
            moments.add(end);
        }
        return moments.stream().map(moment -> new Dashboard.Point(moment, countUpTo(viewed, moment),
                countUpTo(acknowledged, moment), countUpTo(acted, moment))).toList();
    }

    /** The shortest round step that divides {@code span} into at most {@link #MAX_INTERVALS} intervals. */
    static Duration step(Duration span) {
        for (var step : STEPS) {
            if (span.toSeconds() <= step.toSeconds() * MAX_INTERVALS) {
                return step;
            }
        }
        return span.dividedBy(MAX_INTERVALS).plusSeconds(1);
    }

    private static List<OffsetDateTime> sorted(List<OffsetDateTime> times) {
        return times.stream().filter(t -> t != null).sorted().toList();
    }

    private static int countUpTo(List<OffsetDateTime> sorted, OffsetDateTime moment) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).isAfter(moment)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
