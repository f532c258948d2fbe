package org.tocsin.leak;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings leaked text and the advisory's own text to one form before they are compared, so that
 * what retyping, copying from a page or a PDF, and Markdown change does not count: lower case, one
 * space for any run of white space, no Markdown emphasis or list markers, straight quotes, one
 * dash for every kind of dash, no invisible characters, and words broken across lines by a
 * hyphen joined again.
 */
final class Normaliser {

    /** Marks the start and the end of a slot's occurrence in a reference text; transparent to normalising. */
    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';

    record Result(String text, List<Integer> marks) {}

    private Normaliser() {}

    static String normalise(String text) {
        return run(text).text();
    }

    static Result run(String raw) {
        var s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        var out = new StringBuilder(s.length());
        var marks = new ArrayList<Integer>();
        int pendingMarks = 0;
        boolean space = false;
        boolean lineStart = true;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == OPEN || c == CLOSE) {
                // resolved at the next character written, so that marks change no spacing
                pendingMarks++;
                continue;
            }
            if (Invisible.isInvisible(c) || c == '\u00AD' || c == '*' || c == '_' || c == '`' || c == '#') {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
                if (c == '\n') {
                    lineStart = true;
                }
                continue;
            }
            if (lineStart) {
                lineStart = false;
                int marker = Finder.listMarker(s.substring(i, Math.min(n, i + 8)));
                if (marker == 0 && (c == '•' || c == '·') && i + 1 < n && s.charAt(i + 1) == ' ') {
                    marker = 2;
                }
                if (marker > 0) {
                    i += marker - 1;
                    space = true;
                    continue;
                }
            }
            if (c == '-') {
                // a word broken across lines: "compro-\nmised"
                if (i + 2 < n && s.charAt(i + 1) == '\n' && out.length() > 0 && Character.isLetter(out.charAt(out.length() - 1))
                        && Character.isLowerCase(s.charAt(i + 2)) && !space) {
                    i++;
                    continue;
                }
                boolean spaced = (space || out.length() == 0) && (i + 1 >= n || Character.isWhitespace(s.charAt(i + 1)));
                if (spaced || (i + 1 < n && s.charAt(i + 1) == '-')) {
                    while (i + 1 < n && s.charAt(i + 1) == '-') {
                        i++;
                    }
                    c = '—';
                }
            }
            if (c == '–' || c == '—' || c == '―' || c == '−') {
                if (out.length() > 0) {
                    out.append(' ');
                }
                for (; pendingMarks > 0; pendingMarks--) {
                    marks.add(out.length());
                }
                out.append('—');
                space = true;
                continue;
            }
            if (c == '‘' || c == '’' || c == '‚' || c == '‛' || c == '′') {
                c = '\'';
            } else if (c == '“' || c == '”' || c == '„' || c == '‟' || c == '″') {
                c = '"';
            }
            if (space && out.length() > 0) {
                out.append(' ');
            }
            space = false;
            for (; pendingMarks > 0; pendingMarks--) {
                marks.add(out.length());
            }
            out.append(Character.toLowerCase(c));
        }
        for (; pendingMarks > 0; pendingMarks--) {
            marks.add(out.length());
        }
        return new Result(out.toString(), marks);
    }
}
