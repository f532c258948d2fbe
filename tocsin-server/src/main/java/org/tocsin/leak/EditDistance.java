package org.tocsin.leak;

/** Edit distances for reading slots: how far a pattern is from its nearest occurrence anywhere in a text. */
final class EditDistance {

    private EditDistance() {}

    /** The least number of insertions, deletions and substitutions that turn some substring of {@code text} into {@code pattern}. */
    static int within(String pattern, String text) {
        int m = pattern.length();
        int n = text.length();
        if (m == 0) {
            return 0;
        }
        var column = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            column[i] = i;
        }
        int best = column[m];
        for (int j = 1; j <= n; j++) {
            char t = text.charAt(j - 1);
            int diagonal = column[0]; // 0: the match may start anywhere
            column[0] = 0;
            for (int i = 1; i <= m; i++) {
                int above = column[i];
                int cost = pattern.charAt(i - 1) == t ? 0 : 1;
                column[i] = Math.min(Math.min(column[i - 1] + 1, above + 1), diagonal + cost);
                diagonal = above;
            }
            best = Math.min(best, column[m]);
        }
        return best;
    }
}
