package org.tocsin.leak;

/**
 * Scores copies against what an excerpt shows, and says how likely an innocent recipient is to
 * score as well.
 *
 * <p>The score is the symmetric Tardos score (Škorić et al.) for a code whose symbols are uniform
 * over a slot's q variants: +√(q−1) where a copy agrees with the excerpt, −1/√(q−1) where it does
 * not, nothing where the excerpt shows nothing. For an innocent recipient, whose codeword is
 * independent of the leaked one, each observed slot adds a term of mean 0 and variance 1. Two
 * colluders who choose between their copies where they differ leave each observed slot agreeing
 * with at least one of them, so one of them agrees on three quarters of the binary slots; where
 * they erase the differing slots, what is left agrees with both.
 *
 * <p>The probability that an innocent scores at least a given score is computed exactly (on a grid
 * of 1/{@value #SCALE}) from the distribution of the number of agreements, not from a normal
 * approximation: the tail is what matters.
 */
final class Scoring {

    static final int SCALE = 64;

    private final int[] slots;
    private final int[] symbols;
    private final int[] agree;
    private final int[] disagree;
    private final double[] tail; // tail[t] = P(innocent's shifted score >= t)
    private final int shift;

    /** Prepares scoring for an observation: the symbols it shows, -1 where it shows nothing. */
    Scoring(int[] observed, int[] arity) {
        int count = 0;
        for (int s : observed) {
            if (s >= 0) {
                count++;
            }
        }
        slots = new int[count];
        symbols = new int[count];
        agree = new int[count];
        disagree = new int[count];
        int k = 0;
        int total = 0;
        int base = 0;
        for (int j = 0; j < observed.length; j++) {
            if (observed[j] >= 0) {
                slots[k] = j;
                symbols[k] = observed[j];
                double root = Math.sqrt(arity[j] - 1.0);
                agree[k] = (int) Math.round(SCALE * root);
                disagree[k] = (int) Math.round(SCALE / root);
                total += agree[k] + disagree[k];
                base += disagree[k];
                k++;
            }
        }
        shift = base;
        // distribution of sum over slots of (agree+disagree) * Bernoulli(1/q)
        var pmf = new double[total + 1];
        pmf[0] = 1;
        int reach = 0;
        for (int i = 0; i < count; i++) {
            int w = agree[i] + disagree[i];
            double p = 1.0 / arity[slots[i]];
            for (int t = reach; t >= 0; t--) {
                if (pmf[t] != 0) {
                    pmf[t + w] += pmf[t] * p;
                    pmf[t] *= 1 - p;
                }
            }
            reach += w;
        }
        tail = new double[total + 2];
        for (int t = total; t >= 0; t--) {
            tail[t] = tail[t + 1] + pmf[t];
        }
    }

    /** How many slots the excerpt shows. */
    int observed() {
        return slots.length;
    }

    /** The score of a codeword (on the grid: divide by {@link #SCALE} for the Tardos score). */
    int score(int[] codeword) {
        int score = 0;
        for (int i = 0; i < slots.length; i++) {
            score += codeword[slots[i]] == symbols[i] ? agree[i] : -disagree[i];
        }
        return score;
    }

    /** The probability that an innocent recipient's copy scores at least {@code score}. */
    double falseMatchProbability(int score) {
        int t = score + shift;
        if (t <= 0) {
            return 1;
        }
        if (t >= tail.length) {
            return 0;
        }
        return Math.min(1, tail[t]);
    }

    /** The highest slot index observed, plus one: how much of each codeword scoring needs. */
    int reach() {
        return slots.length == 0 ? 0 : slots[slots.length - 1] + 1;
    }
}
