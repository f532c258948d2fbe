package org.tocsin.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Hostile and random input: deep nesting, huge text, random bytes and mutated patterns. The
 * random tests are seeded, so a failure can be reproduced; their property is that the parser
 * either reads the text (and then renders text that reads back to the same tree) or throws a
 * {@link PatternException}, and never anything else.
 */
class PatternHostileInputTests {

    private static final List<String> SEEDS = List.of(
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
            "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']",
            "[file:hashes.MD5 = 'cead'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
            "[artifact:payload_bin = b64'VGhpcyBpcyBhIHRlc3Q=' OR file:magic_number_hex = h'ffd8' OR file:size IN (1, 2.5, true)]",
            "[email-message:to_refs[0].value NOT LIKE '%@x' AND EXISTS file:x[*]] FOLLOWEDBY [a:b ISSUBSET '10.0.0.0/8']");

    @Test
    void refuses100000NestedParenthesesWithADepthError() {
        String text = "(".repeat(100_000) + "[a:b = 1]" + ")".repeat(100_000);

        assertThatThrownBy(() -> Pattern.parse(text))
                .isInstanceOf(PatternException.class)
                .hasMessage("at 100: nested deeper than 100 levels of brackets, parentheses and qualifiers");
    }

    @Test
    void refusesDeepNestingInsideAnObservation() {
        String text = "[" + "(".repeat(30_000) + "a:b = 1" + ")".repeat(30_000) + "]";

        assertThatThrownBy(() -> Pattern.parse(text)).hasMessageStartingWith("at 100: nested deeper than 100");
    }

    @Test
    void refusesALongChainOfQualifiersAsNesting() {
        String text = "[a:b = 1]" + " WITHIN 1 SECONDS".repeat(200);

        assertThatThrownBy(() -> Pattern.parse(text)).hasMessageContaining("nested deeper than 100");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        String text = "(".repeat(Pattern.MAX_DEPTH - 1) + "[a:b = 1]" + ")".repeat(Pattern.MAX_DEPTH - 1);

        assertThat(Pattern.parse(text)).hasToString("[a:b = 1]");
    }

    @Test
    void refusesAOneMegabytePatternWithALengthError() {
        String text = "[file:name = '" + "a".repeat(1 << 20) + "']";

        assertThatThrownBy(() -> Pattern.parse(text))
                .isInstanceOf(PatternException.class)
                .hasMessage("at 65536: pattern is 1048592 characters long; at most 65536 are accepted");
    }

    @Test
    void refusesALongPatternOfValidPartsWithALengthError() {
        String text = "[a:b = 1]" + " OR [a:b = 1]".repeat(10_000);

        assertThatThrownBy(() -> Pattern.parse(text)).hasMessageContaining("at most 65536 are accepted");
    }

    @Test
    void readsAPatternJustUnderTheLimitQuicklyAndRendersItWithoutDeepRecursion() {
        StringBuilder text = new StringBuilder("[a:b = 0]");
        for (int i = 1; text.length() < Pattern.MAX_LENGTH - 40; i++) {
            text.append(i % 3 == 0 ? " AND " : " OR ").append("[a:b = ").append(i).append(']');
        }

        long started = System.nanoTime();
        Pattern pattern = Pattern.parse(text.toString());
        Pattern again = Pattern.parse(pattern.toString());

        assertThat(again).isEqualTo(pattern);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void throwsOnlyPatternExceptionsOnRandomCharacters() {
        SplittableRandom random = new SplittableRandom(20240601);
        String alphabet = "[]()':.,*=!<>+-_ \\/\nabcfhtxyzAND OR FOLLOWEDBY WITHIN 0123456789 b64 '' t'2016-01-01T00:00:00Z' IN LIKE NOT EXISTS";
        for (int run = 0; run < 20_000; run++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertParsesOrFailsCleanly(text.toString());
        }
    }

    @Test
    void throwsOnlyPatternExceptionsOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 5_000; run++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            assertParsesOrFailsCleanly(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertParsesOrFailsCleanly(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void throwsOnlyPatternExceptionsOnMutatedSpecificationPatterns() {
        SplittableRandom random = new SplittableRandom(42);
        String tokens = "[]()':.,*=<> ANDORNOTFOLLOWEDBYWITHINSECONDSREPEATSTIMESSTARTSTOP\\0123456789-+t'h'b64'";
        for (int run = 0; run < 20_000; run++) {
            StringBuilder text = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int edits = 1 + random.nextInt(4); edits > 0 && text.length() > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, tokens.charAt(random.nextInt(tokens.length())));
                    default -> text.setCharAt(at, tokens.charAt(random.nextInt(tokens.length())));
                }
            }
            assertParsesOrFailsCleanly(text.toString());
        }
    }

    static void assertParsesOrFailsCleanly(String text) {
        Throwable thrown = catchThrowable(() -> {
            Pattern pattern = Pattern.parse(text);
            Pattern again = Pattern.parse(pattern.toString());
            assertThat(again).as("round trip of %s", text).isEqualTo(pattern);
            pattern.observables();
        });
        if (thrown instanceof PatternException error) {
            assertThat(error.position()).as(text).isBetween(0, Math.min(text.length(), Pattern.MAX_LENGTH));
            assertThat(error.getMessage()).startsWith("at " + error.position() + ": ");
        } else if (thrown != null) {
            throw new AssertionError("Not a clean failure on " + text, thrown);
        }
    }
}
