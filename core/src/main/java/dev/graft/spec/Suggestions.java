package dev.graft.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" by edit distance, also matching different case, '-' for '_', and a word
 * that is the start of a known one ({@code tor} → {@code torus}).
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The known word closest to {@code given}, if it is close enough to be a likely typo. */
    static Optional<String> closest(String given, Collection<String> known) {
        String g = normalise(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String n = normalise(k);
            int d = n.equals(g) ? 0
                    : g.length() >= 3 && (n.startsWith(g) || g.startsWith(n)) ? 1
                    : distance(given.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(1, Math.min(3, given.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " Did you mean 'x'?" or "". */
    static String didYouMean(String given, Collection<String> known) {
        return closest(given, known).map(k -> " Did you mean '" + k + "'?").orElse("");
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
