package org.tocsin.leak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tocsin.leak.Simulation.Scenario;

/**
 * The thresholds of issue 4 (research LEAK-2, LEAK-3, LEAK-6) on the demo advisory at a small
 * size: 300 recipients and 200 trials per scenario. The full run (1,000 trials, 300 and 10,000
 * recipients) is {@link AttributionBenchmark}, results in docs/ATTRIBUTION.md.
 */
class AttributionHarnessTests {

    static final int TRIALS = 200;
    static Simulation simulation;

    @BeforeAll
    static void recipients() {
        simulation = new Simulation(DemoAdvisory.wording(), 300, 4);
    }

    @Test
    void wholeDocumentRetypedWithGarbledSlotsFindsTheLeakerAndAccusesNoInnocent() {
        var result = simulation.run(Scenario.WHOLE_RETYPED, TRIALS);
        assertThat(result.firstRate()).as(describe(result)).isGreaterThanOrEqualTo(0.99);
        assertThat(result.falseAccusationRate()).as(describe(result)).isLessThanOrEqualTo(0.005);
    }

    @Test
    void tenSentencesRetypedFindTheLeakerAtOnePercentFalseAccusation() {
        var result = simulation.run(Scenario.TEN_SENTENCES_RETYPED, TRIALS);
        assertThat(result.accusedRate()).as(describe(result)).isGreaterThanOrEqualTo(0.95);
        assertThat(result.falseAccusationRate()).as(describe(result)).isLessThanOrEqualTo(0.01);
    }

    @Test
    void fiveSentencesCopiedExactlyRankTheLeakerFirst() {
        var result = simulation.run(Scenario.FIVE_SENTENCES_EXACT, TRIALS);
        assertThat(result.firstRate()).as(describe(result)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void twoColludersChoosingBetweenTheirCopiesStillRankOneOfThemFirst() {
        var result = simulation.run(Scenario.COLLUSION_CHOOSE, TRIALS);
        assertThat(result.firstRate()).as(describe(result)).isGreaterThanOrEqualTo(0.95);
        assertThat(result.falseAccusationRate()).as(describe(result)).isLessThanOrEqualTo(0.01);
    }

    @Test
    void twoColludersErasingWhereTheyDifferStillRankOneOfThemFirst() {
        var result = simulation.run(Scenario.COLLUSION_ERASE, TRIALS);
        assertThat(result.firstRate()).as(describe(result)).isGreaterThanOrEqualTo(0.95);
        assertThat(result.falseAccusationRate()).as(describe(result)).isLessThanOrEqualTo(0.01);
    }

    static String describe(Simulation.Result r) {
        return "%s: first %.3f, accused %.3f, false accusation %.3f (%d innocents in all), %.1f slots observed".formatted(
                r.scenario().description, r.firstRate(), r.accusedRate(), r.falseAccusationRate(), r.innocentsAccused(),
                r.meanObserved());
    }
}
