package org.tocsin.leak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The attribution harness of issue 4: N recipients of one advisory, each with their codeword from a
 * random key, and leaks simulated at the level of text — a copy rendered, cut to an excerpt, slots
 * garbled, retyped with typing errors, or two copies merged — then read back and scored against
 * every recipient exactly as an investigation does.
 *
 * <p>A recipient is "accused" when an innocent copy would reach their score with probability at
 * most {@link Attribution#ACCUSE} over all N recipients together (their false-match probability
 * times N at most 0.1%). Deterministic for a given seed.
 */
final class Simulation {

    /** What leaks. */
    enum Scenario {
        WHOLE_RETYPED("whole document retyped, 5% of slots garbled"),
        TEN_SENTENCES_RETYPED("10 consecutive sentences retyped, 5% of slots garbled"),
        FIVE_SENTENCES_EXACT("5 consecutive sentences copied exactly"),
        COLLUSION_CHOOSE("two colluders, whole document, choosing where their copies differ"),
        COLLUSION_ERASE("two colluders, whole document, erasing where their copies differ");

        final String description;

        Scenario(String description) {
            this.description = description;
        }
    }

    /**
     * @param first trials in which the leaker (or one of the colluders) scored strictly highest
     * @param accused trials in which the leaker (or a colluder) was accused
     * @param falseAccusation trials in which an innocent recipient was accused
     * @param innocentsAccused innocent recipients accused, over all trials
     * @param observed slots observed, summed over trials
     * @param nanos time spent reading and scoring, summed over trials
     */
    record Result(Scenario scenario, int recipients, int trials, int first, int accused, int falseAccusation,
            long innocentsAccused, long observed, long nanos) {

        double firstRate() {
            return (double) first / trials;
        }

        double accusedRate() {
            return (double) accused / trials;
        }

        double falseAccusationRate() {
            return (double) falseAccusation / trials;
        }

        double meanObserved() {
            return (double) observed / trials;
        }

        double meanMillis() {
            return nanos / 1e6 / trials;
        }
    }

    static final double GARBLED = 0.05;
    static final double TYPO_RATE = 0.003;

    private final Document document;
    private final Reader reader;
    private final int[] arity;
    private final int[][] codewords;
    private final List<Piece.Occurrence> occurrences;
    private final Random random;

    Simulation(Wording wording, int recipients, long seed) {
        this.document = Document.of(wording);
        this.reader = new Reader(document);
        this.arity = document.arities();
        this.occurrences = document.occurrences();
        this.random = new Random(seed);
        var key = new byte[32];
        random.nextBytes(key);
        var codewords = new Codewords(key);
        this.codewords = new int[recipients][];
        for (int i = 0; i < recipients; i++) {
            this.codewords[i] = codewords.symbols(Codewords.recipientSeed(key, "recipient-" + i), arity);
        }
    }

    Document document() {
        return document;
    }

    Result run(Scenario scenario, int trials) {
        int n = codewords.length;
        int first = 0;
        int accused = 0;
        int falseAccusation = 0;
        long innocentsAccused = 0;
        long observed = 0;
        long nanos = 0;
        var scores = new int[n];
        for (int t = 0; t < trials; t++) {
            int guilty = random.nextInt(n);
            int other = (guilty + 1 + random.nextInt(n - 1)) % n;
            boolean collusion = scenario == Scenario.COLLUSION_CHOOSE || scenario == Scenario.COLLUSION_ERASE;
            var leaked = leak(scenario, guilty, other);
            long started = System.nanoTime();
            var observation = reader.read(leaked);
            var scoring = new Scoring(observation.symbols(), arity);
            for (int i = 0; i < n; i++) {
                scores[i] = scoring.score(codewords[i]);
            }
            nanos += System.nanoTime() - started;
            observed += scoring.observed();
            int best = Integer.MIN_VALUE;
            int bestInnocent = Integer.MIN_VALUE;
            boolean innocentAccused = false;
            boolean guiltyAccused = false;
            for (int i = 0; i < n; i++) {
                boolean isGuilty = i == guilty || (collusion && i == other);
                if (isGuilty) {
                    best = Math.max(best, scores[i]);
                } else {
                    bestInnocent = Math.max(bestInnocent, scores[i]);
                }
                boolean accuse = scoring.observed() >= Attribution.MIN_SLOTS
                        && scoring.falseMatchProbability(scores[i]) * n <= Attribution.ACCUSE;
                if (accuse && isGuilty) {
                    guiltyAccused = true;
                } else if (accuse) {
                    innocentAccused = true;
                    innocentsAccused++;
                }
            }
            // first: the leaker, or a colluder, scores higher than every innocent (colluders may tie with each other)
            if (best > bestInnocent) {
                first++;
            }
            if (guiltyAccused) {
                accused++;
            }
            if (innocentAccused) {
                falseAccusation++;
            }
        }
        return new Result(scenario, n, trials, first, accused, falseAccusation, innocentsAccused, observed, nanos);
    }

    /** The text that leaks in one trial. */
    String leak(Scenario scenario, int guilty, int other) {
        return switch (scenario) {
            case WHOLE_RETYPED -> retype(whole(garbled(codewords[guilty])));
            case TEN_SENTENCES_RETYPED -> retype(sentences(whole(garbled(codewords[guilty])), 10));
            case FIVE_SENTENCES_EXACT -> sentences(whole(document.render(codewords[guilty])), 5);
            case COLLUSION_CHOOSE -> whole(document.render(chosen(codewords[guilty], codewords[other])));
            case COLLUSION_ERASE -> whole(erased(codewords[guilty], codewords[other]));
        };
    }

    /** A copy in which each occurrence shows, with probability 5%, another variant than its codeword's. */
    private Wording garbled(int[] codeword) {
        return document.render(codeword, (occurrence, symbol) -> {
            int variants = occurrences.get(occurrence).variants().size();
            if (random.nextDouble() < GARBLED) {
                return (symbol + 1 + random.nextInt(variants - 1)) % variants;
            }
            return symbol;
        });
    }

    private int[] chosen(int[] a, int[] b) {
        var merged = Arrays.copyOf(a, a.length);
        for (int j = 0; j < a.length; j++) {
            if (a[j] != b[j] && random.nextBoolean()) {
                merged[j] = b[j];
            }
        }
        return merged;
    }

    /** Where the two copies differ, the colluders leave the slot's words out. */
    private Wording erased(int[] a, int[] b) {
        return document.render(a, (occurrence, symbol) -> a[occurrences.get(occurrence).slot()]
                == b[occurrences.get(occurrence).slot()] ? symbol : -1);
    }

    private static String whole(Wording copy) {
        return copy.summary() + "\n\n" + copy.body() + "\n\n" + copy.annex();
    }

    /** {@code count} consecutive sentences from a random place. */
    private String sentences(String text, int count) {
        var spans = new ArrayList<int[]>();
        for (var span : Sentences.split(text)) {
            var sentence = text.substring(span[0], span[1]);
            if (Sentences.words(sentence) >= 3 && !sentence.strip().startsWith("#")) {
                spans.add(span);
            }
        }
        int start = random.nextInt(Math.max(1, spans.size() - count + 1));
        int end = Math.min(spans.size(), start + count) - 1;
        return text.substring(spans.get(start)[0], spans.get(end)[1]);
    }

    /** Retyping: no invisible characters, no Markdown, straight quotes, and typing errors in 0.3% of the letters. */
    String retype(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Invisible.isInvisible(c) || c == '*' || c == '`') {
                continue;
            }
            if (c == '’') {
                c = '\'';
            }
            if (Character.isLetter(c) && random.nextDouble() < TYPO_RATE) {
                switch (random.nextInt(3)) {
                    case 0 -> out.append((char) ('a' + random.nextInt(26))); // wrong key
                    case 1 -> { } // missed key
                    default -> out.append(c).append(c); // double key
                }
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
