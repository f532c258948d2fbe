package org.tocsin.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * Invisible marks: a copy's 48-bit tag written as zero-width characters after the first sentence
 * of a part. They survive copying and pasting from a page and nothing else (retyping, a photo, most
 * PDF text extraction lose them), so an investigation reports what they say beside the ranking and
 * never counts them in it.
 */
final class Invisible {

    static final int BITS = 48;
    private static final char START = '\u2060'; // word joiner
    private static final char ZERO = '\u200B'; // zero-width space
    private static final char ONE = '\u200C'; // zero-width non-joiner

    private Invisible() {}

    static boolean isInvisible(char c) {
        return c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
    }

    /**
     * The text with the tag after its first sentence (after its full stop, before the space), or at
     * its end: between sentences it splits no word or phrase that a reader might search for.
     */
    static String embed(String text, long tag) {
        if (text == null || text.isBlank()) {
            return text;
        }
        int at = text.length();
        for (int i = 0; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i + 1))) {
                at = i + 1;
                break;
            }
        }
        var mark = new StringBuilder(BITS + 1).append(START);
        for (int b = BITS - 1; b >= 0; b--) {
            mark.append(((tag >>> b) & 1) == 0 ? ZERO : ONE);
        }
        return text.substring(0, at) + mark + text.substring(at);
    }

    /** Every complete tag in a text. */
    static List<Long> find(String text) {
        var tags = new ArrayList<Long>();
        int at = text.indexOf(START);
        while (at >= 0) {
            long tag = 0;
            int bits = 0;
            int i = at + 1;
            while (i < text.length() && bits < BITS && (text.charAt(i) == ZERO || text.charAt(i) == ONE)) {
                tag = (tag << 1) | (text.charAt(i) == ONE ? 1 : 0);
                bits++;
                i++;
            }
            if (bits == BITS) {
                tags.add(tag);
            }
            at = text.indexOf(START, at + 1);
        }
        return tags;
    }
}
