package io.stagingsync.plan;

import java.util.Collection;
import java.util.Comparator;

/** The closest known name to a misspelt one, for refusal messages. */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** {@code "; did you mean x?"} when a name is close enough (edit distance at most a third of it), else "". */
    public static String suggest(String wrong, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt(k -> distance(wrong, k)))
                .filter(k -> distance(wrong, k) <= Math.max(2, wrong.length() / 3))
                .map(k -> "; did you mean " + k + "?").orElse("");
    }

    /** Levenshtein distance, ignoring case. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
