package org.tocsin.stix.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.tocsin.stix.Validation;

/**
 * A Jazzer fuzz test of the streaming bundle reader and the validation behind it: whatever bytes
 * arrive (an upload, a TAXII add, {@code tocsin import}), reading either yields objects that
 * validation can judge, or stops with a {@link StixJsonException} that says where — never another
 * exception, never a hang, never more than the limits allow. In the normal build it replays the
 * inputs in {@code BundleFuzzTestsInputs/readsOrRefusesCleanly}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class BundleFuzzTests {

    /** Small bounds, so that the fuzzer reaches them quickly. */
    private static final ReadLimits LIMITS = new ReadLimits(64 * 1024, 12, 4_096, 200, 16 * 1024);

    @FuzzTest(maxDuration = "60s")
    void readsOrRefusesCleanly(byte[] input) {
        if (input == null) {
            return;
        }
        long objects = 0;
        try (var reader = BundleReader.open(new ByteArrayInputStream(input), LIMITS)) {
            while (reader.hasNext()) {
                var object = reader.next();
                objects++;
                for (var problem : Validation.check(object, objects - 1)) {
                    assertThat(problem.toString()).isNotBlank();
                }
            }
        } catch (StixJsonException e) {
            assertThat(e.problem()).as("a refusal says what is wrong").isNotBlank();
        }
        assertThat(objects).isLessThanOrEqualTo(LIMITS.maxObjects());
    }
}
