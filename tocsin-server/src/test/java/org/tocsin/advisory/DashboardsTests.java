package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tocsin.membership.Role;
import org.tocsin.stix.Tlp;

/**
 * The dashboard's arithmetic on a made-up distribution: who has acted, who is late, the counts by
 * sector and organisation, the moments over time and the charts' geometry. The same figures over
 * real HTTP are in {@code DashboardTests}.
 */
class DashboardsTests {

    static final OffsetDateTime PUBLISHED = OffsetDateTime.parse("2026-11-02T09:00:00Z");
    static final UUID BANK = UUID.randomUUID();
    static final UUID FIRM = UUID.randomUUID();

    @Test
    void countsViewedAcknowledgedActedAndLateInTotalBySectorAndByOrganisation() {
        var now = PUBLISHED.plusDays(4);
        var dashboard = Dashboards.of(null, advisory(Severity.HIGH), distribution(List.of(
                recipient("a@bank", BANK, "Bank", List.of("banking"), PUBLISHED.plusHours(1), PUBLISHED.plusHours(2),
                        progress(1, ActionStatus.DONE, PUBLISHED.plusHours(5)), progress(2, ActionStatus.NOT_APPLICABLE, PUBLISHED.plusHours(6))),
                recipient("b@bank", BANK, "Bank", List.of("banking"), PUBLISHED.plusHours(1), PUBLISHED.plusHours(30),
                        progress(1, ActionStatus.IN_PROGRESS, PUBLISHED.plusHours(31)), progress(2, ActionStatus.NOT_STARTED, null)),
                recipient("c@firm", FIRM, "Firm", List.of("accountancy", "legal"), PUBLISHED.plusHours(50), null,
                        progress(1, ActionStatus.NOT_STARTED, null), progress(2, ActionStatus.NOT_STARTED, null)),
                recipient("d@firm", FIRM, "Firm", List.of("accountancy", "legal"), null, null,
                        progress(1, ActionStatus.NOT_STARTED, null), progress(2, ActionStatus.DONE, PUBLISHED.plusHours(3))))),
                now, Overdue.defaults());

        assertThat(dashboard.total()).isEqualTo(new Dashboard.Counts(4, 3, 2, 1, 3));
        assertThat(dashboard.entries().get(0).actedAt()).isEqualTo(PUBLISHED.plusHours(6));
        assertThat(dashboard.late()).extracting(e -> e.recipient().username() + ": " + e.lateness()).containsExactly(
                "b@bank: action 2 past deadline",
                "c@firm: not acknowledged; action 2 past deadline",
                "d@firm: not acknowledged");
        assertThat(dashboard.bySector()).extracting(g -> g.key() + " " + g.counts()).containsExactly(
                "accountancy " + new Dashboard.Counts(2, 1, 0, 0, 2),
                "banking " + new Dashboard.Counts(2, 2, 2, 1, 1),
                "legal " + new Dashboard.Counts(2, 1, 0, 0, 2));
        assertThat(dashboard.byOrganisation()).extracting(Dashboard.Group::name, Dashboard.Group::counts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Bank", new Dashboard.Counts(2, 2, 2, 1, 1)),
                org.assertj.core.groups.Tuple.tuple("Firm", new Dashboard.Counts(2, 1, 0, 0, 2)));
        assertThat(dashboard.byAction()).containsExactly(
                new Dashboard.ActionTally(1, "Brief the board", Role.EXECUTIVE, PUBLISHED.plusDays(7), 2, 1, 1, 0, 0),
                new Dashboard.ActionTally(2, "Search the proxy logs", Role.SECURITY_LEAD, PUBLISHED.plusDays(3), 2, 0, 1, 1, 2));
    }

    @Test
    void overTimeRunsFromPublicationToNowInRoundStepsWithCumulativeCounts() {
        var now = PUBLISHED.plusDays(4);
        var dashboard = Dashboards.of(null, advisory(Severity.HIGH), distribution(List.of(
                recipient("a@bank", BANK, "Bank", List.of("banking"), PUBLISHED.plusHours(1), PUBLISHED.plusHours(13),
                        progress(1, ActionStatus.DONE, PUBLISHED.plusHours(40)), progress(2, ActionStatus.DONE, PUBLISHED.plusHours(50))),
                recipient("b@bank", BANK, "Bank", List.of("banking"), PUBLISHED.plusHours(70), null,
                        progress(1, ActionStatus.NOT_STARTED, null), progress(2, ActionStatus.NOT_STARTED, null)))),
                now, Overdue.defaults());

        var points = dashboard.overTime();
        assertThat(points).hasSize(9);
        assertThat(points.get(0)).isEqualTo(new Dashboard.Point(PUBLISHED, 0, 0, 0));
        assertThat(points.get(1)).isEqualTo(new Dashboard.Point(PUBLISHED.plusHours(12), 1, 0, 0));
        assertThat(points.get(2)).isEqualTo(new Dashboard.Point(PUBLISHED.plusHours(24), 1, 1, 0));
        assertThat(points.get(5)).isEqualTo(new Dashboard.Point(PUBLISHED.plusHours(60), 1, 1, 1));
        assertThat(points.get(8)).isEqualTo(new Dashboard.Point(now, 2, 1, 1));
    }

    @Test
    void choosesTheShortestRoundStepGivingAtMostTwelveIntervals() {
        assertThat(Dashboards.step(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(15));
        assertThat(Dashboards.step(Duration.ofHours(3))).isEqualTo(Duration.ofMinutes(15));
        assertThat(Dashboards.step(Duration.ofHours(5))).isEqualTo(Duration.ofMinutes(30));
        assertThat(Dashboards.step(Duration.ofDays(4))).isEqualTo(Duration.ofHours(12));
        assertThat(Dashboards.step(Duration.ofDays(30))).isEqualTo(Duration.ofDays(7));
        for (long minutes = 1; minutes < 3_000_000; minutes = minutes * 3 / 2 + 1) {
            var span = Duration.ofMinutes(minutes);
            var moments = Dashboards.overTime(PUBLISHED, PUBLISHED.plus(span), List.of());
            assertThat(moments.size() - 1).as("intervals over %s", span).isBetween(1, Dashboards.MAX_INTERVALS);
            assertThat(moments.get(moments.size() - 1).at()).isEqualTo(PUBLISHED.plus(span));
        }
        assertThat(Dashboards.overTime(PUBLISHED, PUBLISHED, List.of())).hasSize(1);
    }

    @Test
    void chartsPlaceEveryPointInsideTheirFrameAndScaleToTheRecipients() {
        var dashboard = Dashboards.of(null, advisory(Severity.CRITICAL), distribution(List.of(
                recipient("a@bank", BANK, "Bank", List.of("banking"), PUBLISHED.plusHours(1), PUBLISHED.plusHours(2),
                        progress(1, ActionStatus.DONE, PUBLISHED.plusHours(3)), progress(2, ActionStatus.DONE, PUBLISHED.plusHours(3))),
                recipient("b@firm", FIRM, "Firm", List.of("legal"), null, null,
                        progress(1, ActionStatus.NOT_STARTED, null), progress(2, ActionStatus.NOT_STARTED, null)))),
                PUBLISHED.plusHours(6), Overdue.defaults());

        var progress = DashboardCharts.progress(dashboard);
        assertThat(progress.series()).extracting(DashboardCharts.Series::css).containsExactly("viewed", "acknowledged", "acted");
        for (var series : progress.series()) {
            for (var point : series.points().split(" ")) {
                var xy = point.split(",");
                assertThat(Double.parseDouble(xy[0])).isBetween(56.0, 700.0);
                assertThat(Double.parseDouble(xy[1])).isBetween(16.0, 240.0);
            }
            // Half the recipients by the end: half way up the frame.
            assertThat(series.points()).endsWith("700.0,128.0");
        }
        assertThat(progress.yTicks()).extracting(DashboardCharts.Tick::label).containsExactly("0", "1", "2");
        assertThat(progress.xTicks().get(progress.xTicks().size() - 1).label()).endsWith("(now)");

        var shares = DashboardCharts.shares(dashboard.bySector());
        assertThat(shares.groups()).extracting(DashboardCharts.Group::name).containsExactly("banking", "legal");
        assertThat(shares.groups().get(0).bars()).extracting(DashboardCharts.Bar::value).containsExactly("100 %", "100 %", "100 %");
        assertThat(shares.groups().get(1).bars()).extracting(DashboardCharts.Bar::width).containsExactly("0.0", "0.0", "0.0");
        assertThat(shares.groups().get(0).bars().get(0).label()).isEqualTo("banking: 1 of 1 viewed (100 %)");
    }

    @Test
    void roundValuesOnTheYAxis() {
        assertThat(DashboardCharts.yValues(0)).containsExactly(0);
        assertThat(DashboardCharts.yValues(3)).containsExactly(0, 1, 2, 3);
        assertThat(DashboardCharts.yValues(300)).containsExactly(0, 75, 150, 225, 300);
        assertThat(DashboardCharts.yValues(10_000)).containsExactly(0, 2500, 5000, 7500, 10_000);
    }

    static Advisory advisory(Severity severity) {
        return new Advisory(UUID.randomUUID(), 1, Status.PUBLISHED, 1, "Title", Tlp.AMBER, severity, null, "Summary", "Body",
                "", List.of(new Advisory.Action(1, "Brief the board", Role.EXECUTIVE, 7),
                        new Advisory.Action(2, "Search the proxy logs", Role.SECURITY_LEAD, 3)),
                new Advisory.Audience(List.of(), List.of(), List.of(), List.of()), List.of(), "author",
                PUBLISHED.minusDays(1), PUBLISHED.minusDays(1), PUBLISHED.minusHours(2), "approver", PUBLISHED.minusHours(1),
                PUBLISHED, null, 0);
    }

    static Distribution distribution(List<Distribution.Recipient> recipients) {
        var sectors = new ArrayList<Distribution.Tally>();
        for (var slug : List.of("accountancy", "banking", "legal")) {
            sectors.add(new Distribution.Tally(slug, slug, 0, 0, 0));
        }
        return new Distribution(UUID.randomUUID(), 1, recipients.size(), 0, 0, recipients, sectors, List.of());
    }

    static Distribution.Recipient recipient(String username, UUID organisation, String name, List<String> sectors,
            OffsetDateTime viewed, OffsetDateTime acknowledged, Copy.Progress... actions) {
        var state = acknowledged != null ? RecipientState.ACKNOWLEDGED : viewed != null ? RecipientState.VIEWED
                : RecipientState.DELIVERED;
        return new Distribution.Recipient(UUID.randomUUID(), username, organisation, name, sectors, "SERIAL", state,
                PUBLISHED, viewed, acknowledged, null, List.of(actions), null, null, null, null, null, null, null);
    }

    static Copy.Progress progress(int n, ActionStatus status, OffsetDateTime at) {
        return new Copy.Progress(n, status, null, at);
    }
}
