package org.tocsin.leak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The curated British English variants ({@code variants-en-GB.txt} beside this class): groups of
 * interchangeable phrases, and spelling families whose words switch together in a copy.
 */
final class Variants {

    /** A phrase of a group, and its place in the group. */
    record Phrase(String text, List<String> group, int index) {}

    /** A word of a spelling family: its forms in the family's order (the first is the -ise, hyphenated or -ement form). */
    record FamilyWord(String family, List<String> forms, int index) {}

    static final Variants BRITISH = load("variants-en-GB.txt");

    private final Map<String, List<Phrase>> phrasesByFirstWord;
    private final Map<String, FamilyWord> familyWords;

    private Variants(Map<String, List<Phrase>> phrasesByFirstWord, Map<String, FamilyWord> familyWords) {
        this.phrasesByFirstWord = phrasesByFirstWord;
        this.familyWords = familyWords;
    }

    /** Phrases that start with this word (lower case), longest first. */
    List<Phrase> startingWith(String firstWord) {
        return phrasesByFirstWord.getOrDefault(firstWord, List.of());
    }

    FamilyWord family(String word) {
        return familyWords.get(word);
    }

    static Variants load(String resource) {
        var phrases = new HashMap<String, List<Phrase>>();
        var families = new HashMap<String, FamilyWord>();
        var seen = new HashMap<String, Integer>();
        try (var in = Variants.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("family ")) {
                    int colon = line.indexOf(':');
                    var name = line.substring(7, colon).strip();
                    for (var pair : line.substring(colon + 1).split(",")) {
                        var forms = List.of(pair.strip().split("="));
                        if (forms.size() != 2) {
                            throw new IllegalStateException(resource + " line " + number + ": '" + pair + "' is not a=b");
                        }
                        for (int i = 0; i < 2; i++) {
                            families.put(forms.get(i), new FamilyWord(name, forms, i));
                        }
                    }
                    continue;
                }
                var group = List.of(line.split("\\|"));
                for (int i = 0; i < group.size(); i++) {
                    var text = group.get(i);
                    if (seen.put(text, number) != null) {
                        throw new IllegalStateException(resource + " line " + number + ": '" + text + "' is in two groups");
                    }
                    if (!text.equals(text.toLowerCase(Locale.ROOT)) && i == 0) {
                        throw new IllegalStateException(resource + " line " + number + ": write '" + text + "' in lower case");
                    }
                    var first = firstWord(text);
                    phrases.computeIfAbsent(first, k -> new ArrayList<>()).add(new Phrase(text, group, i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        phrases.values().forEach(list -> list.sort(Comparator.comparingInt((Phrase p) -> p.text().length()).reversed()));
        return new Variants(Map.copyOf(phrases), Map.copyOf(families));
    }

    /** The first word of a phrase as {@link Finder} reads words: letters, apostrophes and hyphens. */
    static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && Finder.isWordChar(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
