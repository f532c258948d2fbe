package org.tocsin.leak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.IntBinaryOperator;

import org.tocsin.membership.Refusal;

/**
 * An advisory's prose analysed into variation slots: what every copy shares and where copies
 * differ. Deterministic: the same wording always gives the same slots in the same order, so a
 * copy rendered today and one rendered next year from the same codeword are identical.
 *
 * <p>A copy is rendered from a codeword, one symbol per slot ({@link #render(int[])}); the symbol
 * chooses the variant at every occurrence of the slot.
 */
public final class Document {

    private final List<List<Piece>> parts;
    private final List<Slot> slots;

    private Document(List<List<Piece>> parts, List<Slot> slots) {
        this.parts = parts;
        this.slots = slots;
    }

    /**
     * Analyses the wording with the curated British English variants.
     *
     * @throws Refusal naming the part and position when an author's mark is malformed
     */
    public static Document of(Wording wording) {
        var finder = new Finder(Variants.BRITISH);
        var parts = new ArrayList<List<Piece>>();
        for (int i = 0; i < 3; i++) {
            parts.add(List.copyOf(finder.analyse(Wording.FIELDS[i], wording.part(i))));
        }
        return new Document(List.copyOf(parts), finder.slots());
    }

    /** Checks the author's marks of one part, refusing with the position of the first malformed one. */
    public static void check(String field, String text) {
        new Finder(Variants.BRITISH).analyse(field, text);
    }

    public List<Slot> slots() {
        return slots;
    }

    /** The number of variants of each slot, by slot id. */
    public int[] arities() {
        return slots.stream().mapToInt(Slot::arity).toArray();
    }

    /** The information all slots carry together, in bits. */
    public double bits() {
        return slots.stream().mapToDouble(Slot::bits).sum();
    }

    List<Piece> part(int i) {
        return parts.get(i);
    }

    /** The copy carrying this codeword (one symbol per slot, each below the slot's arity). */
    public Wording render(int[] codeword) {
        return render(codeword, (occurrence, symbol) -> symbol);
    }

    /** The wording as the author wrote it, without marks: what the authority reads. */
    public Wording original() {
        var out = new String[3];
        for (int p = 0; p < 3; p++) {
            var text = new StringBuilder();
            for (var piece : parts.get(p)) {
                if (piece instanceof Piece.Fixed f) {
                    text.append(f.text());
                } else if (piece instanceof Piece.Occurrence o) {
                    text.append(o.variants().get(o.original()));
                }
            }
            out[p] = text.toString();
        }
        return Wording.of(out);
    }

    /**
     * Renders with a say over each occurrence (numbered through the document from 0): {@code choice}
     * gets the occurrence's number and the codeword's symbol and returns the variant to write, or
     * -1 to write nothing there. For simulations of what leakers do to a copy.
     */
    Wording render(int[] codeword, IntBinaryOperator choice) {
        if (codeword.length < slots.size()) {
            throw new IllegalArgumentException("A codeword of " + codeword.length + " symbols for " + slots.size() + " slots");
        }
        var out = new String[3];
        int occurrence = 0;
        for (int p = 0; p < 3; p++) {
            var text = new StringBuilder();
            for (var piece : parts.get(p)) {
                if (piece instanceof Piece.Fixed f) {
                    text.append(f.text());
                } else if (piece instanceof Piece.Occurrence o) {
                    int variant = choice.applyAsInt(occurrence++, Math.floorMod(codeword[o.slot()], o.variants().size()));
                    if (variant >= 0) {
                        text.append(o.variants().get(variant));
                    }
                }
            }
            out[p] = text.toString();
        }
        return Wording.of(out);
    }

    /** Occurrences in the document's order: which slot each shows and how many variants it has. */
    List<Piece.Occurrence> occurrences() {
        var all = new ArrayList<Piece.Occurrence>();
        for (var part : parts) {
            for (var piece : part) {
                if (piece instanceof Piece.Occurrence o) {
                    all.add(o);
                }
            }
        }
        return all;
    }

    /** A sentence as a reader sees it: without Markdown emphasis, link targets or HTML. */
    static String readable(String sentence) {
        var out = new StringBuilder();
        for (int i = 0; i < sentence.length(); i++) {
            char c = sentence.charAt(i);
            if (c == ']' && i + 1 < sentence.length() && sentence.charAt(i + 1) == '(') {
                int close = sentence.indexOf(')', i);
                i = close < 0 ? sentence.length() : close;
                continue;
            }
            if (c == '<') {
                int close = sentence.indexOf('>', i);
                if (close > 0) {
                    i = close;
                    continue;
                }
            }
            if (c != '*' && c != '`' && c != '[' && c != ']' && c != '#') {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** Slots per sentence of the author's text. */
    public Density density() {
        var counted = new HashSet<Integer>();
        int sentences = 0;
        double total = 0;
        var thin = new ArrayList<Density.Sentence>();
        for (int p = 0; p < 3; p++) {
            var text = new StringBuilder();
            var starts = new ArrayList<int[]>(); // {offset, slot}
            for (var piece : parts.get(p)) {
                if (piece instanceof Piece.Fixed f) {
                    text.append(f.text());
                } else if (piece instanceof Piece.Occurrence o) {
                    starts.add(new int[] {text.length(), o.slot()});
                    text.append(o.variants().get(o.original()));
                }
            }
            for (var span : Sentences.split(text)) {
                double bits = 0;
                for (var s : starts) {
                    if (s[0] >= span[0] && s[0] < span[1] && counted.add(s[1])) {
                        bits += slots.get(s[1]).bits();
                    }
                }
                var sentence = text.substring(span[0], span[1]);
                if (Sentences.words(sentence) < 3 || sentence.stripLeading().startsWith("#")) {
                    continue;
                }
                sentences++;
                total += bits;
                if (bits < Density.TARGET) {
                    thin.add(new Density.Sentence(Wording.FIELDS[p], readable(sentence), bits));
                }
            }
        }
        return new Density(sentences, slots.size(), bits(), sentences == 0 ? 0 : total / sentences, List.copyOf(thin));
    }
}
