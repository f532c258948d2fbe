package org.tocsin.leak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a copy's slots back from leaked text: an excerpt, perhaps retyped with errors, copied
 * from the page or extracted from a PDF.
 *
 * <p>Both texts are normalised ({@link Normaliser}). Runs of {@value #GRAM} characters that occur once in
 * the advisory's text shared by all copies serve as anchors; the longest chain of anchors in the
 * same order in both texts aligns the excerpt with the advisory. At each slot that the excerpt
 * covers, each variant with a little of the shared text on either side is looked for near where
 * the alignment puts it (edit distance, the pattern anywhere in a window); the variant clearly
 * nearest is what the copy had there. A slot whose variants are all too far, or tie, is not
 * observed: retyping errors make slots unreadable more often than wrong.
 */
final class Reader {

    static final int GRAM = 7;
    private static final int CONTEXT = 12;
    private static final int SLACK = 30;
    private static final int REACH = 400;

    private final Document document;
    private final String reference;
    private final int[] occurrenceSlot;
    private final int[] occurrenceStart;
    private final int[] occurrenceEnd;
    private final String[][] patterns;
    private final int[] leftContext;
    private final Map<String, Integer> anchors = new HashMap<>();

    /** What an excerpt shows. */
    record Observation(int[] symbols, int observed, int anchors) {}

    Reader(Document document) {
        this.document = document;
        var occurrences = document.occurrences();
        int count = occurrences.size();
        occurrenceSlot = new int[count];
        occurrenceStart = new int[count];
        occurrenceEnd = new int[count];
        patterns = new String[count][];
        leftContext = new int[count];
        var raw = new StringBuilder();
        var fixedBefore = new ArrayList<String>();
        var fixedAfter = new ArrayList<String>();
        int k = 0;
        String lastFixed = "";
        for (int p = 0; p < 3; p++) {
            if (p > 0) {
                raw.append("\n\n");
                lastFixed = "\n\n";
            }
            var pieces = document.part(p);
            for (int i = 0; i < pieces.size(); i++) {
                var piece = pieces.get(i);
                if (piece instanceof Piece.Fixed f) {
                    raw.append(f.text());
                    lastFixed = lastFixed + f.text();
                } else if (piece instanceof Piece.Occurrence o) {
                    occurrenceSlot[k] = o.slot();
                    fixedBefore.add(tail(lastFixed, CONTEXT));
                    var next = i + 1 < pieces.size() && pieces.get(i + 1) instanceof Piece.Fixed f ? f.text() : "";
                    fixedAfter.add(next.length() > CONTEXT ? next.substring(0, CONTEXT) : next);
                    raw.append(Normaliser.OPEN).append(o.variants().get(o.original())).append(Normaliser.CLOSE);
                    lastFixed = "";
                    k++;
                }
            }
        }
        var result = Normaliser.run(raw.toString());
        reference = result.text();
        var inSlot = new boolean[reference.length() + 1];
        for (int o = 0; o < count; o++) {
            occurrenceStart[o] = result.marks().get(2 * o);
            occurrenceEnd[o] = result.marks().get(2 * o + 1);
            Arrays.fill(inSlot, occurrenceStart[o], occurrenceEnd[o], true);
            var variants = occurrences.get(o).variants();
            patterns[o] = new String[variants.size()];
            for (int v = 0; v < variants.size(); v++) {
                var pattern = Normaliser.run(fixedBefore.get(o) + Normaliser.OPEN + variants.get(v) + Normaliser.CLOSE
                        + fixedAfter.get(o));
                patterns[o][v] = pattern.text();
                leftContext[o] = pattern.marks().get(0);
            }
        }
        // anchors: runs of the shared text that occur once in the reference
        var counts = new HashMap<String, Integer>();
        for (int i = 0; i + GRAM <= reference.length(); i++) {
            counts.merge(reference.substring(i, i + GRAM), 1, Integer::sum);
        }
        for (int i = 0; i + GRAM <= reference.length(); i++) {
            boolean shared = true;
            for (int j = i; j < i + GRAM + 1 && j < inSlot.length; j++) {
                if (inSlot[j]) {
                    shared = false;
                    break;
                }
            }
            var gram = reference.substring(i, i + GRAM);
            if (shared && counts.get(gram) == 1) {
                anchors.put(gram, i);
            }
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    Document document() {
        return document;
    }

    /** How many anchors of this document an excerpt holds in order: how much of its text is there. */
    int anchorsIn(String normalisedExcerpt) {
        return chain(normalisedExcerpt)[0].length;
    }

    Observation read(String leaked) {
        var excerpt = Normaliser.normalise(leaked);
        var chain = chain(excerpt);
        int[] ei = chain[0];
        int[] ri = chain[1];
        int slots = document.slots().size();
        var votes = new int[slots][];
        for (int o = 0; o < occurrenceSlot.length; o++) {
            int variant = readOccurrence(o, excerpt, ei, ri);
            if (variant >= 0) {
                int slot = occurrenceSlot[o];
                if (votes[slot] == null) {
                    votes[slot] = new int[patterns[o].length];
                }
                votes[slot][variant]++;
            }
        }
        var symbols = new int[slots];
        int observed = 0;
        for (int s = 0; s < slots; s++) {
            symbols[s] = -1;
            if (votes[s] == null) {
                continue;
            }
            int best = -1;
            int bestVotes = 0;
            boolean tie = false;
            for (int v = 0; v < votes[s].length; v++) {
                if (votes[s][v] > bestVotes) {
                    best = v;
                    bestVotes = votes[s][v];
                    tie = false;
                } else if (votes[s][v] == bestVotes && bestVotes > 0) {
                    tie = true;
                }
            }
            if (!tie && best >= 0) {
                symbols[s] = best;
                observed++;
            }
        }
        return new Observation(symbols, observed, ei.length);
    }

    private int readOccurrence(int o, String excerpt, int[] ei, int[] ri) {
        if (ei.length == 0) {
            return -1;
        }
        int rs = occurrenceStart[o];
        int re = occurrenceEnd[o];
        // the nearest anchors before and after the occurrence in the reference
        int after = lowerBound(ri, re);
        int before = after - 1;
        while (before >= 0 && ri[before] + GRAM > rs) {
            before--;
        }
        int distBefore = before >= 0 ? rs - (ri[before] + GRAM) : Integer.MAX_VALUE;
        int distAfter = after < ri.length ? ri[after] - re : Integer.MAX_VALUE;
        if (Math.min(distBefore, distAfter) > REACH) {
            return -1;
        }
        int predicted = distBefore <= distAfter ? ei[before] + (rs - ri[before]) : ei[after] - (ri[after] - rs);
        int maxLength = 0;
        for (var pattern : patterns[o]) {
            maxLength = Math.max(maxLength, pattern.length());
        }
        int from = Math.max(0, predicted - leftContext[o] - SLACK);
        int to = Math.min(excerpt.length(), predicted - leftContext[o] + maxLength + SLACK);
        if (to - from < maxLength / 2) {
            return -1;
        }
        var window = excerpt.substring(from, to);
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        int second = Integer.MAX_VALUE;
        for (int v = 0; v < patterns[o].length; v++) {
            int d = EditDistance.within(patterns[o][v], window);
            if (d < bestDistance) {
                second = bestDistance;
                bestDistance = d;
                best = v;
            } else if (d < second) {
                second = d;
            }
        }
        int allowed = Math.max(1, patterns[o][best].length() / 6);
        if (bestDistance > allowed || second == bestDistance) {
            return -1;
        }
        return best;
    }

    /** The longest chain of anchors in the same order in excerpt and reference: {excerpt positions, reference positions}. */
    private int[][] chain(String excerpt) {
        var pairsE = new ArrayList<Integer>();
        var pairsR = new ArrayList<Integer>();
        var used = new HashSet<Integer>();
        for (int i = 0; i + GRAM <= excerpt.length(); i++) {
            var r = anchors.get(excerpt.substring(i, i + GRAM));
            if (r != null && used.add(r)) {
                pairsE.add(i);
                pairsR.add(r);
            }
        }
        int n = pairsE.size();
        // longest strictly increasing subsequence of reference positions, in excerpt order
        var tails = new int[n];
        var previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int r = pairsR.get(i);
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (pairsR.get(tails[mid]) < r) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[i] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = i;
            if (lo == length) {
                length++;
            }
        }
        var e = new int[length];
        var rr = new int[length];
        int at = length > 0 ? tails[length - 1] : -1;
        for (int k = length - 1; k >= 0; k--) {
            e[k] = pairsE.get(at);
            rr[k] = pairsR.get(at);
            at = previous[at];
        }
        return new int[][] {e, rr};
    }

    private static int lowerBound(int[] sorted, int value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
