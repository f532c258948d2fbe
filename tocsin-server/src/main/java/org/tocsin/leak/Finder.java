package org.tocsin.leak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.tocsin.membership.Refusal;

/**
 * Finds the variation slots of a text: the author's marks first ({@code {{warn|alert}}} and
 * {@code {{any order}}} before a list), then the slots Tocsin finds itself in the rest: phrases of
 * the curated dictionary, spelling families, the serial comma, and a colon or a dash.
 *
 * <p>Facts are never part of a slot: a word with a digit or with an inner {@code . @ / : _ \}
 * (numbers, dates, versions, indicators, labels such as TLP:AMBER), a run of 32 or more
 * hexadecimal digits (a hash), Markdown code, link targets and HTML, names (a capitalised word
 * that does not start a sentence, words in capitals) and the names of months and days are
 * protected, and a slot may not touch a protected character. Phrases come only from the curated
 * dictionary, so no other word can vary either.
 */
final class Finder {

    static final int MAX_MARKED_VARIANTS = 8;
    private static final Set<String> CALENDAR = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday");
    // Words after which a list of items may start ("the networks of banks, accountancy firms and law firms").
    private static final Set<String> LIST_LEAD = Set.of("of", "for", "from", "in", "on", "with", "as", "like",
            "including", "by", "to", "about", "between", "against", "at", "into", "and", "or", "are", "is", "include",
            "includes", "such");
    private static final String ORDER_MARK = "any order";

    private final Variants variants;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Integer> familySlots = new HashMap<>();

    Finder(Variants variants) {
        this.variants = variants;
    }

    List<Slot> slots() {
        return List.copyOf(slots);
    }

    /** The pieces of one part of a document ({@code field} names it in refusals). */
    List<Piece> analyse(String field, String text) {
        var pieces = new ArrayList<Piece>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        var code = codeChars(text);
        int i = 0;
        int textStart = 0;
        while (i < text.length()) {
            int open = next(text, "{{", i, code);
            if (open < 0) {
                break;
            }
            int close = next(text, "}}", open + 2, code);
            int nextOpen = next(text, "{{", open + 2, code);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw Refusal.invalid(field, "The mark '{{' at " + where(text, open) + " is not closed with '}}'");
            }
            var content = text.substring(open + 2, close);
            if (content.strip().equalsIgnoreCase(ORDER_MARK)) {
                var list = freeOrderList(field, text, open, close + 2);
                automatic(text.substring(textStart, open), pieces);
                pieces.add(list.occurrence());
                i = list.end();
                textStart = i;
                continue;
            }
            var options = List.of(content.split("\\|", -1));
            if (options.size() < 2) {
                throw Refusal.invalid(field, "The mark at " + where(text, open) + " has one variant; write at least two, "
                        + "separated by '|', for example {{warn|alert}}, or {{any order}} on the line before a list");
            }
            if (options.size() > MAX_MARKED_VARIANTS) {
                throw Refusal.invalid(field, "The mark at " + where(text, open) + " has " + options.size()
                        + " variants; use at most " + MAX_MARKED_VARIANTS);
            }
            if (content.indexOf('\n') >= 0) {
                throw Refusal.invalid(field, "The mark at " + where(text, open) + " spans lines; keep a mark on one line");
            }
            if (Set.copyOf(options).size() != options.size()) {
                throw Refusal.invalid(field, "The mark at " + where(text, open) + " repeats a variant; make every variant different");
            }
            for (var option : options) {
                for (var chunk : option.strip().split("\\s+")) {
                    if (!chunk.isEmpty() && isFactChunk(chunk)) {
                        throw Refusal.invalid(field, "The mark at " + where(text, open) + " varies '" + chunk
                                + "': numbers, dates, indicators and labels must be the same in every copy, so keep "
                                + "them outside the mark");
                    }
                }
            }
            automatic(text.substring(textStart, open), pieces);
            int id = newSlot(Slot.Kind.MARKED, options.size(), String.join("|", options));
            pieces.add(new Piece.Occurrence(id, options, 0));
            i = close + 2;
            textStart = i;
        }
        int stray = next(text, "}}", textStart, code);
        if (stray >= 0) {
            throw Refusal.invalid(field, "The '}}' at " + where(text, stray) + " closes no mark; open it with '{{'");
        }
        automatic(text.substring(textStart), pieces);
        return pieces;
    }

    /** The next {@code what} from {@code from} that is not inside Markdown code (where braces are just braces). */
    private static int next(String text, String what, int from, boolean[] code) {
        int at = text.indexOf(what, from);
        while (at >= 0 && code[at]) {
            at = text.indexOf(what, at + 1);
        }
        return at;
    }

    /** Characters inside code spans and fenced code blocks. */
    static boolean[] codeChars(String text) {
        int n = text.length();
        var code = new boolean[n + 1];
        int lineStart = 0;
        boolean fenced = false;
        while (lineStart < n) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            var line = text.substring(lineStart, lineEnd).strip();
            boolean fence = line.startsWith("```") || line.startsWith("~~~");
            if (fenced || fence) {
                mark(code, lineStart, lineEnd);
            }
            if (fence) {
                fenced = !fenced;
            }
            lineStart = lineEnd + 1;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == '`' && !code[i]) {
                int run = i;
                while (run < n && text.charAt(run) == '`') {
                    run++;
                }
                int close = text.indexOf(text.substring(i, run), run);
                int end = close < 0 ? run : close + (run - i);
                mark(code, i, end);
                i = end - 1;
            }
        }
        return code;
    }

    /** Line and column of a position, as people count them. */
    static String where(String text, int position) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < position; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", character " + column;
    }

    private record FreeList(Piece.Occurrence occurrence, int end) {}

    /** {@code {{any order}}} alone on its line, then a Markdown list: its items may come in any order. */
    private FreeList freeOrderList(String field, String text, int open, int afterMark) {
        int lineStart = text.lastIndexOf('\n', open - 1) + 1;
        int lineEnd = text.indexOf('\n', afterMark);
        if (!text.substring(lineStart, open).isBlank() || !text.substring(afterMark, lineEnd < 0 ? text.length() : lineEnd).isBlank()
                || lineEnd < 0) {
            throw Refusal.invalid(field, "Write {{any order}} alone on its line, straight before a list (at "
                    + where(text, open) + ")");
        }
        var markers = new ArrayList<String>();
        var items = new ArrayList<String>();
        int pos = lineEnd + 1;
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = text.length();
            }
            var line = text.substring(pos, end);
            int marker = listMarker(line);
            if (marker > 0) {
                markers.add(line.substring(0, marker));
                items.add(line.substring(marker));
            } else if (!items.isEmpty() && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
                items.set(items.size() - 1, items.get(items.size() - 1) + "\n" + line);
            } else {
                break;
            }
            pos = end + 1;
        }
        if (items.size() < 2) {
            throw Refusal.invalid(field, "{{any order}} at " + where(text, open) + " must be followed by a list of at "
                    + "least two items, one per line starting with '- ' or '1. '");
        }
        int end = Math.min(pos, text.length());
        // The list keeps its line break after the last item, so what follows stays where it was.
        boolean newlineAfter = end > 0 && text.charAt(end - 1) == '\n';
        var orders = orders(items.size());
        var renderings = new ArrayList<String>();
        for (var order : orders) {
            var out = new StringBuilder();
            for (int k = 0; k < order.length; k++) {
                out.append(markers.get(k)).append(items.get(order[k]));
                if (k < order.length - 1 || newlineAfter) {
                    out.append('\n');
                }
            }
            renderings.add(out.toString());
        }
        int id = newSlot(Slot.Kind.ORDER, renderings.size(), "order of " + items.size() + " items");
        return new FreeList(new Piece.Occurrence(id, renderings, 0), end);
    }

    /** The length of a list marker at the start of a line ("- ", "* ", "+ ", "12. "), or 0. */
    static int listMarker(String line) {
        if (line.length() >= 2 && "-*+".indexOf(line.charAt(0)) >= 0 && line.charAt(1) == ' ') {
            return 2;
        }
        int digits = 0;
        while (digits < line.length() && Character.isDigit(line.charAt(digits))) {
            digits++;
        }
        if (digits > 0 && digits + 1 < line.length() && (line.charAt(digits) == '.' || line.charAt(digits) == ')')
                && line.charAt(digits + 1) == ' ') {
            return digits + 2;
        }
        return 0;
    }

    /** Up to six orders of n items: the rotations, then the rotations of the reversed list. */
    static List<int[]> orders(int n) {
        var result = new ArrayList<int[]>();
        for (int reversed = 0; reversed < 2 && result.size() < 6; reversed++) {
            for (int r = 0; r < n && result.size() < 6; r++) {
                var order = new int[n];
                for (int k = 0; k < n; k++) {
                    int base = (k + r) % n;
                    order[k] = reversed == 0 ? base : n - 1 - base;
                }
                boolean duplicate = result.stream().anyMatch(o -> java.util.Arrays.equals(o, order));
                if (!duplicate) {
                    result.add(order);
                }
            }
        }
        return result;
    }

    private int newSlot(Slot.Kind kind, int arity, String label) {
        var slot = new Slot(slots.size(), kind, arity, label);
        slots.add(slot);
        return slot.id();
    }

    // ----- slots Tocsin finds itself -----

    private record Found(int start, int end, List<String> variants, int original, Slot.Kind kind, String family,
            String label) {}

    private void automatic(String text, List<Piece> pieces) {
        if (text.isEmpty()) {
            return;
        }
        var prot = protectedChars(text);
        var taken = new boolean[text.length() + 1];
        var found = new ArrayList<Found>();
        phrasesAndFamilies(text, prot, taken, found);
        serialCommas(text, prot, taken, found);
        clauseCommas(text, prot, taken, found);
        colonsAndDashes(text, prot, taken, found);
        found.sort(Comparator.comparingInt(Found::start));
        int at = 0;
        for (var f : found) {
            if (f.start() > at) {
                pieces.add(new Piece.Fixed(text.substring(at, f.start())));
            }
            int id;
            if (f.family() != null) {
                id = familySlots.computeIfAbsent(f.family(), k -> newSlot(Slot.Kind.SPELLING, 2, "spelling: " + k));
            } else {
                id = newSlot(f.kind(), f.variants().size(), f.label());
            }
            pieces.add(new Piece.Occurrence(id, f.variants(), f.original()));
            at = f.end();
        }
        if (at < text.length()) {
            pieces.add(new Piece.Fixed(text.substring(at)));
        }
    }

    static boolean isWordChar(char c) {
        return Character.isLetter(c) || c == '\'' || c == '’' || c == '-';
    }

    private static boolean isWordStart(String text, int i) {
        return Character.isLetter(text.charAt(i)) && (i == 0 || !(isWordChar(text.charAt(i - 1))
                || Character.isDigit(text.charAt(i - 1))));
    }

    private static int wordEnd(String text, int i) {
        while (i < text.length() && (isWordChar(text.charAt(i)) || Character.isDigit(text.charAt(i)))) {
            i++;
        }
        // a word ends with a letter: "firms'" keeps its apostrophe, "word-" at a line end does not keep the hyphen
        while (i > 0 && text.charAt(i - 1) == '-') {
            i--;
        }
        return i;
    }

    private void phrasesAndFamilies(String text, boolean[] prot, boolean[] taken, List<Found> found) {
        int i = 0;
        while (i < text.length()) {
            if (!isWordStart(text, i)) {
                i++;
                continue;
            }
            int end = wordEnd(text, i);
            var word = text.substring(i, end);
            var lower = word.toLowerCase(Locale.ROOT);
            boolean start = sentenceStart(text, i);
            boolean capital = Character.isUpperCase(word.charAt(0));
            Found match = null;
            if (!capital || start) {
                for (var phrase : variants.startingWith(Variants.firstWord(lower))) {
                    int matchEnd = matchPhrase(text, i, phrase.text());
                    if (matchEnd < 0 || anyMarked(prot, i, matchEnd) || anyMarked(taken, i, matchEnd)) {
                        continue;
                    }
                    var options = phrase.group().stream().map(v -> capital ? capitalise(v) : v).toList();
                    if (!articleAgrees(text, i, options)) {
                        continue;
                    }
                    match = new Found(i, matchEnd, options, phrase.index(), Slot.Kind.PHRASE, null,
                            String.join("|", phrase.group()));
                    break;
                }
                if (match == null) {
                    var family = variants.family(lower);
                    if (family != null && !anyMarked(prot, i, end) && !anyMarked(taken, i, end)) {
                        var options = family.forms().stream().map(v -> capital ? capitalise(v) : v).toList();
                        match = new Found(i, end, options, family.index(), Slot.Kind.SPELLING, family.family(), null);
                    }
                }
            }
            if (match != null) {
                found.add(match);
                mark(taken, match.start(), match.end());
                i = match.end();
            } else {
                i = end;
            }
        }
    }

    /** Where the phrase ends if it stands at {@code i} as whole words, else -1. A space in it matches one space or line break. */
    private static int matchPhrase(String text, int i, String phrase) {
        int t = i;
        for (int p = 0; p < phrase.length(); p++, t++) {
            if (t >= text.length()) {
                return -1;
            }
            char want = phrase.charAt(p);
            char have = text.charAt(t);
            if (want == ' ') {
                if (have != ' ' && have != '\n') {
                    return -1;
                }
                if (t + 1 < text.length() && Character.isWhitespace(text.charAt(t + 1))) {
                    return -1;
                }
            } else if (p == 0 ? Character.toLowerCase(have) != Character.toLowerCase(want) : have != want) {
                return -1;
            }
        }
        if (t < text.length() && (isWordChar(text.charAt(t)) || Character.isDigit(text.charAt(t)))) {
            return -1;
        }
        return t;
    }

    /** "a" and "an" before a slot must fit every variant. */
    private static boolean articleAgrees(String text, int i, List<String> options) {
        int before = i - 1;
        if (before < 1 || text.charAt(before) != ' ') {
            return true;
        }
        int wordStart = before;
        while (wordStart > 0 && Character.isLetter(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        var previous = text.substring(wordStart, before).toLowerCase(Locale.ROOT);
        if (!previous.equals("a") && !previous.equals("an")) {
            return true;
        }
        boolean vowel = startsWithVowel(options.get(0));
        return options.stream().allMatch(o -> startsWithVowel(o) == vowel);
    }

    private static boolean startsWithVowel(String s) {
        return !s.isEmpty() && "aeiouAEIOU".indexOf(s.charAt(0)) >= 0;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "A, B and C": the comma before "and" or "or" may be there or not, once a list of three or more is certain. */
    private static void serialCommas(String text, boolean[] prot, boolean[] taken, List<Found> found) {
        for (var conjunction : List.of(" and ", " or ")) {
            int at = text.indexOf(conjunction);
            while (at >= 0) {
                serialComma(text, at, prot, taken, found);
                at = text.indexOf(conjunction, at + 1);
            }
        }
    }

    private static void serialComma(String text, int space, boolean[] prot, boolean[] taken, List<Found> found) {
        boolean comma = space > 0 && text.charAt(space - 1) == ',';
        int itemEnd = comma ? space - 1 : space; // end of the last item but one
        if (itemEnd <= 0 || !Character.isLetter(text.charAt(itemEnd - 1))) {
            return;
        }
        // back over the item before the conjunction, at most four words, to the comma of the series
        int p = itemEnd;
        int words = 0;
        int seriesComma = -1;
        while (p > 0 && words <= 4) {
            char c = text.charAt(p - 1);
            if (c == ',') {
                seriesComma = p - 1;
                break;
            }
            if (c == ' ') {
                p--;
                continue;
            }
            if (!Character.isLetterOrDigit(c) && c != '-' && c != '\'' && c != '*') {
                return;
            }
            int wordStart = p;
            while (wordStart > 0 && (Character.isLetterOrDigit(text.charAt(wordStart - 1)) || "-'*".indexOf(text.charAt(wordStart - 1)) >= 0)) {
                wordStart--;
            }
            var word = text.substring(wordStart, p).replace("*", "").toLowerCase(Locale.ROOT);
            if (word.equals("and") || word.equals("or")) {
                return;
            }
            words++;
            p = wordStart;
        }
        if (seriesComma < 0 || words == 0) {
            return;
        }
        // the first item: at most four words after a list lead (":", "(", another comma, or a word like "of")
        p = seriesComma;
        words = 0;
        boolean led = false;
        while (p > 0 && words <= 4) {
            char c = text.charAt(p - 1);
            if (c == ' ') {
                p--;
                continue;
            }
            if (c == ':' || c == '(' || c == ',' || c == '\n') {
                led = true;
                break;
            }
            int wordStart = p;
            while (wordStart > 0 && (Character.isLetterOrDigit(text.charAt(wordStart - 1)) || "-'*".indexOf(text.charAt(wordStart - 1)) >= 0)) {
                wordStart--;
            }
            if (wordStart == p) {
                return;
            }
            var word = text.substring(wordStart, p).replace("*", "").toLowerCase(Locale.ROOT);
            if (words > 0 && LIST_LEAD.contains(word)) {
                led = true;
                break;
            }
            words++;
            p = wordStart;
        }
        if (!led || words == 0) {
            return;
        }
        int start = comma ? space - 1 : space;
        int end = comma ? space : space;
        if (anyMarked(prot, start, Math.max(end, start + 1)) || anyMarked(taken, Math.max(0, start - 1), end + 1)) {
            return;
        }
        found.add(new Found(start, end, List.of("", ","), comma ? 1 : 0, Slot.Kind.COMMA, null, "serial comma"));
        mark(taken, start, Math.max(end, start + 1));
    }

    /**
     * ", and" joining two clauses ("brief your board, and give your security lead the authority"):
     * the comma may go. Only an existing comma, after three words or more of its clause and before
     * two or more, and never one of a series (those are {@link #serialCommas}'s).
     */
    private static void clauseCommas(String text, boolean[] prot, boolean[] taken, List<Found> found) {
        for (var conjunction : List.of(", and ", ", but ")) {
            int at = text.indexOf(conjunction);
            while (at >= 0) {
                int after = at + conjunction.length();
                if (!anyMarked(prot, at, at + 1) && !anyMarked(taken, at - 1, at + 2)
                        && wordsSinceSentenceStart(text, at) >= 3 && wordsAhead(text, after) >= 2
                        && Character.isLetter(text.charAt(at - 1))) {
                    found.add(new Found(at, at + 1, List.of("", ","), 1, Slot.Kind.COMMA, null, "comma before and"));
                    mark(taken, at, at + 1);
                }
                at = text.indexOf(conjunction, at + 1);
            }
        }
    }

    private static int wordsAhead(String text, int i) {
        int words = 0;
        boolean in = false;
        for (int p = i; p < text.length(); p++) {
            char c = text.charAt(p);
            if (c == '.' || c == ';' || c == ':' || c == '\n' || c == ',' || c == '!' || c == '?') {
                break;
            }
            boolean letter = Character.isLetter(c);
            if (letter && !in) {
                words++;
            }
            in = letter;
        }
        return words;
    }

    /** "information: negotiating positions" or "information — negotiating positions", after four words or more. */
    private static void colonsAndDashes(String text, boolean[] prot, boolean[] taken, List<Found> found) {
        for (int i = 1; i + 2 < text.length(); i++) {
            char c = text.charAt(i);
            int start;
            int end;
            int original;
            if (c == ':' && text.charAt(i + 1) == ' ' && Character.isLowerCase(text.charAt(i + 2))
                    && Character.isLetter(text.charAt(i - 1))) {
                start = i;
                end = i + 1;
                original = 0;
            } else if (c == '—' && text.charAt(i - 1) == ' ' && text.charAt(i + 1) == ' '
                    && Character.isLowerCase(text.charAt(i + 2)) && i >= 2 && Character.isLetter(text.charAt(i - 2))) {
                start = i - 1;
                end = i + 1;
                original = 1;
            } else {
                continue;
            }
            if (wordsSinceSentenceStart(text, start) < 4 || anyMarked(prot, start, end) || anyMarked(taken, start, end)) {
                continue;
            }
            found.add(new Found(start, end, List.of(":", " —"), original, Slot.Kind.COLON_DASH, null, "colon or dash"));
            mark(taken, start, end);
        }
    }

    private static int wordsSinceSentenceStart(String text, int i) {
        int words = 0;
        int p = i;
        while (p > 0) {
            char c = text.charAt(p - 1);
            if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == ';') {
                break;
            }
            if (Character.isLetter(c) && (p - 1 == 0 || !Character.isLetter(text.charAt(p - 2)))) {
                words++;
            }
            p--;
        }
        return words;
    }

    /** Whether the word at {@code i} starts a sentence, a line, a list item or a heading. */
    static boolean sentenceStart(String text, int i) {
        int p = i;
        while (p > 0) {
            char c = text.charAt(p - 1);
            if (c == ' ' || c == '*' || c == '_' || c == '"' || c == '\'' || c == '“' || c == '‘' || c == '(' || c == '#') {
                p--;
                continue;
            }
            if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':') {
                return true;
            }
            // a list marker at the start of a line: "1. " or "- "
            int lineStart = text.lastIndexOf('\n', p - 1) + 1;
            return listMarker(text.substring(lineStart, Math.min(text.length(), i))) == i - lineStart
                    && i - lineStart > 0;
        }
        return true;
    }

    // ----- facts -----

    /** Characters no slot may touch: facts, names, code, links and markup. */
    static boolean[] protectedChars(String text) {
        int n = text.length();
        var prot = codeChars(text);
        // link targets, autolinks and HTML
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (prot[i]) {
                continue;
            }
            if (c == ']' && i + 1 < n && text.charAt(i + 1) == '(') {
                int close = text.indexOf(')', i);
                int end = close < 0 ? n : close + 1;
                mark(prot, i, end);
                i = end - 1;
            } else if (c == '<') {
                int close = text.indexOf('>', i);
                if (close > 0) {
                    mark(prot, i, close + 1);
                    i = close;
                }
            }
        }
        // whitespace-delimited chunks that carry facts
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start < i && isFactChunk(text.substring(start, i))) {
                mark(prot, start, i);
            }
        }
        // names, capitals and the calendar
        i = 0;
        while (i < n) {
            if (!isWordStart(text, i)) {
                i++;
                continue;
            }
            int end = wordEnd(text, i);
            var word = text.substring(i, end);
            boolean capitals = word.length() >= 2 && word.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
            boolean name = Character.isUpperCase(word.charAt(0)) && !sentenceStart(text, i);
            boolean calendar = Character.isUpperCase(word.charAt(0)) && CALENDAR.contains(word.toLowerCase(Locale.ROOT));
            if (capitals || name || calendar) {
                mark(prot, i, end);
            }
            i = Math.max(end, i + 1);
        }
        return prot;
    }

    /** A chunk with a digit, or with . @ / : _ \ [ between other characters, is a fact (number, date, indicator, label). */
    static boolean isFactChunk(String chunk) {
        int start = 0;
        int end = chunk.length();
        while (start < end && "\"'([{<«“‘*_".indexOf(chunk.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && "\"')]}>».,;!?”’*_:".indexOf(chunk.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end - start >= 32 && chunk.substring(start, end).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return true; // a hash, even one without a digit
        }
        for (int i = start; i < end; i++) {
            char c = chunk.charAt(i);
            if (Character.isDigit(c)) {
                return true;
            }
            if (i > start && i < end - 1 && ".@/:_\\[]".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMarked(boolean[] marks, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, marks.length); i++) {
            if (marks[i]) {
                return true;
            }
        }
        return false;
    }

    private static void mark(boolean[] marks, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, marks.length); i++) {
            marks[i] = true;
        }
    }
}
