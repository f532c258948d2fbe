package org.tocsin.leak;

import java.util.List;

/**
 * How much of a fingerprint an advisory's prose can carry: the slots per sentence of ordinary
 * prose (headings and fragments of fewer than three words are not counted), and the sentences
 * that carry fewer than {@link #TARGET} bits, for the author to enrich with marks such as
 * {@code {{warn|alert}}}.
 *
 * @param sentences sentences of prose counted
 * @param slots slots in the whole text
 * @param bits the information all slots carry together, in bits
 * @param bitsPerSentence {@code bits / sentences}
 * @param thin sentences below the target, in the order of the text
 */
public record Density(int sentences, int slots, double bits, double bitsPerSentence, List<Sentence> thin) {

    /** Binary slots per sentence needed to attribute a ten-sentence excerpt (research §3.3). */
    public static final double TARGET = 3.0;

    /** A sentence, the part it is in, and the bits it carries. */
    public record Sentence(String part, String text, double bits) {}

    /** Whether the text reaches the target on average. */
    public boolean enough() {
        return sentences == 0 || bitsPerSentence >= TARGET;
    }

    /** A warning for the author, or null when the density is enough. */
    public String warning() {
        if (enough()) {
            return null;
        }
        return "Copies of this text carry %.1f bits per sentence; at least %.0f are needed to attribute a leaked "
                + "excerpt of ten sentences. Mark variants such as {{warn|alert}} in the sentences listed."
                        .formatted(bitsPerSentence, TARGET);
    }
}
