package io.syntropic137.workflows;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean ...": the allowed name closest to a misspelt one, if it is close enough to be a likely typo. */
final class Suggest {

    static Optional<String> closest(String written, Collection<String> allowed) {
        int tolerance = Math.max(2, written.length() / 3);
        return allowed.stream()
                .filter(candidate -> likeness(written, candidate) <= tolerance)
                .min(Comparator.comparingInt((String candidate) -> likeness(written, candidate)));
    }

    /**
     * The edit distance to the name or, for a long enough word, to its start: {@code promt} is meant to be
     * {@code prompt_file} or {@code prompt_template} more often than anything else.
     */
    private static int likeness(String written, String candidate) {
        int whole = distance(written, candidate);
        if (written.length() < 4 || candidate.length() <= written.length()) {
            return whole;
        }
        return Math.min(whole, distance(written, candidate.substring(0, written.length() + 1)) + 1);
    }

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private Suggest() {
    }
}
