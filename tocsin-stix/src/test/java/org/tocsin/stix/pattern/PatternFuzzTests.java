package org.tocsin.stix.pattern;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A Jazzer fuzz test of the pattern parser. In the normal build it runs in regression mode: once
 * for each file in {@code PatternFuzzTestsInputs/parsesOrRefusesCleanly} under the test resources
 * (pattern text in UTF-8), which is fast. To fuzz for real, run it with {@code JAZZER_FUZZ=1};
 * inputs that find a problem are written to that folder and then replayed by every build.
 */
class PatternFuzzTests {

    @FuzzTest(maxDuration = "60s")
    void parsesOrRefusesCleanly(byte[] input) {
        if (input != null) {
            PatternHostileInputTests.assertParsesOrFailsCleanly(new String(input, StandardCharsets.UTF_8));
        }
    }
}
