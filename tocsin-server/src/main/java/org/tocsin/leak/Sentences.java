package org.tocsin.leak;

import java.util.ArrayList;
import java.util.List;

/** Sentences of prose: ended by . ! or ? before a space, or by the end of a line, a list item or a heading. */
final class Sentences {

    private Sentences() {}

    /** Spans {start, end} of the sentences of a text, in order. */
    static List<int[]> split(CharSequence text) {
        var spans = new ArrayList<int[]>();
        int n = text.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean end = false;
            if (c == '\n') {
                // a soft line break inside a paragraph does not end a sentence
                int next = i + 1;
                end = next >= n || text.charAt(next) == '\n' || text.charAt(next) == '#'
                        || Finder.listMarker(text.subSequence(next, Math.min(n, next + 8)).toString()) > 0
                        || i == 0 || text.charAt(i - 1) == '\n';
                end = end || startsBlock(text, start);
            } else if ((c == '.' || c == '!' || c == '?') && (i + 1 >= n || Character.isWhitespace(text.charAt(i + 1))
                    || text.charAt(i + 1) == '*') && !abbreviation(text, i)) {
                end = true;
                i = skipClosing(text, i);
            }
            if (end) {
                if (i + 1 > start && !text.subSequence(start, i + 1).toString().isBlank()) {
                    spans.add(new int[] {start, Math.min(n, i + 1)});
                }
                start = i + 1;
            }
        }
        if (start < n && !text.subSequence(start, n).toString().isBlank()) {
            spans.add(new int[] {start, n});
        }
        return spans;
    }

    private static boolean startsBlock(CharSequence text, int start) {
        var line = text.subSequence(start, Math.min(text.length(), start + 8)).toString().stripLeading();
        return line.startsWith("#");
    }

    private static int skipClosing(CharSequence text, int i) {
        while (i + 1 < text.length() && "*\"'”’)".indexOf(text.charAt(i + 1)) >= 0) {
            i++;
        }
        return i;
    }

    /** "e.g." and "i.e.", and a full stop inside a fact ("version 2.0" ends no sentence, its last full stop may). */
    private static boolean abbreviation(CharSequence text, int i) {
        return i >= 2 && text.charAt(i - 2) == '.' && Character.isLetter(text.charAt(i - 1));
    }

    static int words(String sentence) {
        int words = 0;
        boolean in = false;
        for (int i = 0; i < sentence.length(); i++) {
            boolean letter = Character.isLetterOrDigit(sentence.charAt(i));
            if (letter && !in) {
                words++;
            }
            in = letter;
        }
        return words;
    }
}
