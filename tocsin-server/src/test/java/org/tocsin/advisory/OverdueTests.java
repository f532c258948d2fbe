package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** When a recipient is late: the periods by severity, their defaults and settings, and the deadlines of actions. */
class OverdueTests {

    static final OffsetDateTime DELIVERED = OffsetDateTime.parse("2026-11-02T09:00:00Z");

    @Test
    void defaultsGiveCriticalFourHoursHighADayMediumThreeDaysLowAWeek() {
        var rule = bind(Map.of());

        assertThat(rule).isEqualTo(Overdue.defaults());
        assertThat(rule.acknowledgeWithin(Severity.CRITICAL)).isEqualTo(Duration.ofHours(4));
        assertThat(rule.acknowledgeWithin(Severity.HIGH)).isEqualTo(Duration.ofHours(24));
        assertThat(rule.acknowledgeWithin(Severity.MEDIUM)).isEqualTo(Duration.ofDays(3));
        assertThat(rule.acknowledgeWithin(Severity.LOW)).isEqualTo(Duration.ofDays(7));
        assertThat(rule.describe(Severity.CRITICAL)).isEqualTo("4 hours");
        assertThat(rule.describe(Severity.HIGH)).isEqualTo("24 hours");
        assertThat(rule.describe(Severity.MEDIUM)).isEqualTo("3 days");
    }

    @Test
    void periodsAreSetInTheConfiguration() {
        var rule = bind(Map.of("tocsin.advisory.acknowledge-within.critical", "90m",
                "tocsin.advisory.acknowledge-within.low", "14d"));

        assertThat(rule.acknowledgeWithin(Severity.CRITICAL)).isEqualTo(Duration.ofMinutes(90));
        assertThat(rule.acknowledgeWithin(Severity.LOW)).isEqualTo(Duration.ofDays(14));
        assertThat(rule.acknowledgeWithin(Severity.HIGH)).isEqualTo(Duration.ofHours(24));
        assertThat(rule.describe(Severity.CRITICAL)).isEqualTo("90 minutes");
    }

    @Test
    void refusesAPeriodThatIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("tocsin.advisory.acknowledge-within.high", "0s")))
                .hasRootCauseMessage("tocsin.advisory.acknowledge-within: every period must be positive");
    }

    @Test
    void anAcknowledgementIsLateOnlyAfterItsPeriodAndOnlyWhileMissing() {
        var rule = Overdue.defaults();
        var due = DELIVERED.plusHours(4);

        assertThat(rule.acknowledgementDue(Severity.CRITICAL, DELIVERED)).isEqualTo(due);
        assertThat(rule.acknowledgementLate(Severity.CRITICAL, DELIVERED, null, due)).isFalse();
        assertThat(rule.acknowledgementLate(Severity.CRITICAL, DELIVERED, null, due.plusSeconds(1))).isTrue();
        assertThat(rule.acknowledgementLate(Severity.LOW, DELIVERED, null, due.plusSeconds(1))).isFalse();
        assertThat(rule.acknowledgementLate(Severity.CRITICAL, DELIVERED, due.plusHours(1), due.plusDays(1))).isFalse();
    }

    @Test
    void anActionIsLateAfterItsDeadlineUnlessDoneOrNotApplicable() {
        var deadline = DELIVERED.plusDays(3);

        assertThat(Overdue.actionDue(DELIVERED, 3)).isEqualTo(deadline);
        assertThat(Overdue.actionLate(DELIVERED, 3, ActionStatus.NOT_STARTED, deadline)).isFalse();
        assertThat(Overdue.actionLate(DELIVERED, 3, ActionStatus.NOT_STARTED, deadline.plusSeconds(1))).isTrue();
        assertThat(Overdue.actionLate(DELIVERED, 3, ActionStatus.IN_PROGRESS, deadline.plusSeconds(1))).isTrue();
        assertThat(Overdue.actionLate(DELIVERED, 3, ActionStatus.DONE, deadline.plusSeconds(1))).isFalse();
        assertThat(Overdue.actionLate(DELIVERED, 3, ActionStatus.NOT_APPLICABLE, deadline.plusSeconds(1))).isFalse();
    }

    private static Overdue bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("tocsin.advisory.acknowledge-within", Overdue.class);
    }
}
