package org.tocsin.investigation;

import java.util.List;
import java.util.UUID;

/**
 * The answer to an investigation.
 *
 * @param advisory the advisory the material came from, or null when none matched
 * @param version the version of it the material matches best
 * @param slotsObserved fingerprint slots read in the material
 * @param enough whether the first candidate's score is one that an innocent recipient's copy reaches with probability
 *     at most 0.1% over all copies together, from 10 observed slots or more
 * @param conclusion what the result means, in words, for the people who weigh it
 * @param candidates recipients ranked by score, best first (at most 20)
 * @param invisibleMarks recipients named by invisible marks in pasted text: a hint, never part of the ranking
 */
public record Investigation(UUID advisory, String title, Integer version, int slotsObserved, boolean enough,
        String conclusion, List<Candidate> candidates, List<String> invisibleMarks) {

    /**
     * A recipient's copy and how well it fits.
     *
     * @param score the Tardos score over the observed slots; about 0 for an innocent copy
     * @param falseMatchProbability the probability that one innocent recipient's copy scores at least as much
     * @param sharedBy for a copy shared on inside Tocsin, the username of the person who shared it
     */
    public record Candidate(String username, String organisation, double score, double falseMatchProbability,
            String sharedBy) {

        /** The false-match probability for people: "0.0312", or "2.4e-09" when tiny. */
        public String chance() {
            return falseMatchProbability >= 0.0001 ? String.format(java.util.Locale.ROOT, "%.4f", falseMatchProbability)
                    : String.format(java.util.Locale.ROOT, "%.1e", falseMatchProbability);
        }
    }
}
