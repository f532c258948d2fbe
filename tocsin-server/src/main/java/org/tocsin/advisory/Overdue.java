package org.tocsin.advisory;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a recipient is late: with the acknowledgement, once the period set by the advisory's
 * severity has passed since delivery; with a recommended action, once its deadline (publication
 * plus the action's days) has passed and they have not reported it done or not applicable.
 * Set with {@code tocsin.advisory.acknowledge-within.critical} (and {@code .high}, {@code .medium},
 * {@code .low}), for example {@code 4h} or {@code 3d}.
 */
@ConfigurationProperties("tocsin.advisory.acknowledge-within")
record Overdue(@DefaultValue("4h") Duration critical, @DefaultValue("24h") Duration high,
        @DefaultValue("3d") Duration medium, @DefaultValue("7d") Duration low) {

    Overdue {
        for (var period : new Duration[] {critical, high, medium, low}) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("tocsin.advisory.acknowledge-within: every period must be positive");
            }
        }
    }

    /** The defaults: CRITICAL 4 hours, HIGH 24 hours, MEDIUM 3 days, LOW 7 days. */
    static Overdue defaults() {
        return new Overdue(Duration.ofHours(4), Duration.ofHours(24), Duration.ofDays(3), Duration.ofDays(7));
    }

    /** How long a recipient has to acknowledge an advisory of this severity. */
    Duration acknowledgeWithin(Severity severity) {
        return switch (severity) {
            case CRITICAL -> critical;
            case HIGH -> high;
            case MEDIUM -> medium;
            case LOW -> low;
        };
    }

    /** The period for a severity in words: "4 hours", "3 days". */
    String describe(Severity severity) {
        var period = acknowledgeWithin(severity);
        if (period.toHours() >= 48 && period.toHoursPart() == 0 && period.toMinutesPart() == 0) {
            return period.toDays() + " days";
        }
        if (period.toMinutesPart() == 0 && period.toSecondsPart() == 0) {
            return period.toHours() + (period.toHours() == 1 ? " hour" : " hours");
        }
        return period.toMinutes() + " minutes";
    }

    /** When an acknowledgement of a copy delivered at {@code deliveredAt} falls due. */
    OffsetDateTime acknowledgementDue(Severity severity, OffsetDateTime deliveredAt) {
        return deliveredAt.plus(acknowledgeWithin(severity));
    }

    /** Whether the acknowledgement is late at {@code now}. */
    boolean acknowledgementLate(Severity severity, OffsetDateTime deliveredAt, OffsetDateTime acknowledgedAt,
            OffsetDateTime now) {
        return acknowledgedAt == null && now.isAfter(acknowledgementDue(severity, deliveredAt));
    }

    /** When an action falls due: its days counted from publication. */
    static OffsetDateTime actionDue(OffsetDateTime publishedAt, int dueDays) {
        return publishedAt.plusDays(dueDays);
    }

    /** Whether a recipient's report on an action is late at {@code now}: past its deadline and not resolved. */
    static boolean actionLate(OffsetDateTime publishedAt, int dueDays, ActionStatus status, OffsetDateTime now) {
        return !resolved(status) && now.isAfter(actionDue(publishedAt, dueDays));
    }

    /** Done, or not applicable: nothing is left to do. */
    static boolean resolved(ActionStatus status) {
        return status == ActionStatus.DONE || status == ActionStatus.NOT_APPLICABLE;
    }
}
