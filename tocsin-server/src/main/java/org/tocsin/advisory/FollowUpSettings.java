package org.tocsin.advisory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a recipient has to acknowledge an advisory, by its severity, before they get their one
 * reminder; after as long again, their organisation's other recipients and its admins are told.
 * Set as {@code tocsin.advisory.follow-up.critical=4h} and so on.
 */
@ConfigurationProperties("tocsin.advisory.follow-up")
public record FollowUpSettings(@DefaultValue("4h") Duration critical, @DefaultValue("24h") Duration high,
        @DefaultValue("3d") Duration medium, @DefaultValue("7d") Duration low) {

    public FollowUpSettings {
        for (var period : new Duration[] {critical, high, medium, low}) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("tocsin.advisory.follow-up periods must be positive; got " + period);
            }
        }
    }

    /** The time to acknowledge an advisory of this severity. */
    public Duration period(Severity severity) {
        return switch (severity) {
            case CRITICAL -> critical;
            case HIGH -> high;
            case MEDIUM -> medium;
            case LOW -> low;
        };
    }

    Duration shortest() {
        var shortest = critical;
        for (var period : new Duration[] {high, medium, low}) {
            if (period.compareTo(shortest) < 0) {
                shortest = period;
            }
        }
        return shortest;
    }
}
