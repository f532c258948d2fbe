package org.tocsin.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StixIdTests {

    @Test
    void readsTheTypeAndUuidOfAnId() {
        assertThat(StixId.parse("attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"))
                .contains(new StixId("attack-pattern", "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"));
        assertThat(StixId.parse("x-custom-thing--0C7B5B88-8FF7-4A4D-AA9D-FEB398CD0061")).isPresent();
        assertThat(StixId.parse("domain-name--dd686e37-6889-53bd-8ae1-b1a503452613")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "indicator", "indicator--", "--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
            "indicator-0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd006",
            "indicator--0c7b5b88-8ff7-0a4d-aa9d-feb398cd0061", "indicator--0c7b5b88-8ff7-4a4d-0a9d-feb398cd0061",
            "indicator--0c7b5b88x8ff7-4a4d-aa9d-feb398cd0061", "Indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
            "ab--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "indicator--0c7b5b88-8ff7-4a4d-aa9d-feb398cd006\u0661",
            "x--y--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"})
    void refusesWhatIsNotTypeDashDashUuid(String id) {
        assertThat(StixId.parse(id)).isEmpty();
    }

    @Test
    void makesRandomVersion4Ids() {
        StixId id = StixId.random("indicator");

        assertThat(id.toString()).startsWith("indicator--").hasSize("indicator--".length() + 36);
        assertThat(id.uuid().charAt(14)).isEqualTo('4');
        assertThat(StixId.parse(id.toString())).contains(id);
    }

    @Test
    void refusesToMakeAnIdOfABadTypeName() {
        assertThatIllegalArgumentException().isThrownBy(() -> StixId.random("X"))
                .withMessageContaining("\"X\"");
    }
}
