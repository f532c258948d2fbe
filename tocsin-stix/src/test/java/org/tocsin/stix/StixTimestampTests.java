package org.tocsin.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StixTimestampTests {

    @Test
    void writesExactlyMilliseconds() {
        assertThat(StixTimestamp.of(Instant.parse("2016-05-12T08:17:27Z"))).hasToString("2016-05-12T08:17:27.000Z");
        assertThat(StixTimestamp.of(Instant.parse("2016-05-12T08:17:27.123999Z"))).hasToString("2016-05-12T08:17:27.123Z");
        assertThat(StixTimestamp.of(Instant.parse("0999-01-01T00:00:00Z"))).hasToString("0999-01-01T00:00:00.000Z");
    }

    @Test
    void readsAnyPrecision() {
        assertThat(StixTimestamp.parse("2016-05-12T08:17:27Z")).contains(Instant.parse("2016-05-12T08:17:27Z"));
        assertThat(StixTimestamp.parse("2016-05-12T08:17:27.1Z")).contains(Instant.parse("2016-05-12T08:17:27.100Z"));
        assertThat(StixTimestamp.parse("2016-05-12T08:17:27.123456789Z"))
                .contains(Instant.parse("2016-05-12T08:17:27.123456789Z"));
        assertThat(StixTimestamp.parse("2016-12-31T23:59:60Z")).contains(Instant.parse("2016-12-31T23:59:59.999Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2016-05-12", "2016-05-12T08:17:27", "2016-05-12T08:17:27+00:00",
            "2016-05-12 08:17:27Z", "2016-05-12T08:17Z", "2016-05-12T08:17:27.Z", "2016-02-30T00:00:00Z",
            "2016-13-01T00:00:00Z", "2016-05-12T24:00:00Z", "2016-05-12T12:59:60Z", "2016-05-12t08:17:27z",
            "+2016-05-12T08:17:27Z", "2016-05-12T08:17:27.0000000000000000000000Z"})
    void refusesWhatIsNotAStixTimestamp(String text) {
        assertThat(StixTimestamp.parse(text)).isEmpty();
    }
}
