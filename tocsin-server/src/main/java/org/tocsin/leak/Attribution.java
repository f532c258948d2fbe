package org.tocsin.leak;

import java.util.List;
import java.util.UUID;

/**
 * What leaked text says about whose copy it came from: a ranked list for people to weigh, never a
 * verdict.
 *
 * @param slotsObserved slots of the advisory read in the text
 * @param anchors runs of the advisory's shared text found in the text, in order (how much of it is there)
 * @param copies copies of this advisory on record, all scored
 * @param enough whether the first candidate's score is one an innocent copy reaches with probability
 *     at most {@link #ACCUSE} divided by the number of copies, from {@link #MIN_SLOTS} slots or more
 * @param candidates the highest-scoring copies, best first
 * @param invisibleMarks copies named by invisible marks in the text (copied and pasted text only; not part of the ranking)
 */
public record Attribution(int slotsObserved, int anchors, int copies, boolean enough, List<Candidate> candidates,
        List<Candidate> invisibleMarks) {

    /** The chance, over all copies together, that an innocent one would reach the first candidate's score: 0.1%. */
    public static final double ACCUSE = 0.001;
    /** Fewer observed slots than this are never enough, whatever the scores. */
    public static final int MIN_SLOTS = 10;

    /**
     * One copy and how well it fits.
     *
     * @param score the Tardos score: the sum over observed slots, about 0 for an innocent copy
     * @param falseMatchProbability the probability that one innocent recipient's copy scores at least as much
     * @param parent the copy this one was shared on from, or null for a recipient's own copy
     */
    public record Candidate(UUID copy, UUID personId, String username, UUID organisationId, UUID parent, double score,
            double falseMatchProbability) {}
}
