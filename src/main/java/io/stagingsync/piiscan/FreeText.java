package io.stagingsync.piiscan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prose people write (a message's body, a block's reason, a profile's description): it can name anyone, so a text
 * column whose sampled values read like sentences is reported for review even when no value detector fires.
 */
final class FreeText {

    /** Names of columns that hold what people write: one sentence-like value is enough there. */
    private static final Set<String> PROSE_WORDS = Set.of("body", "content", "text", "message", "comment", "comments",
            "description", "details", "detail", "reason", "note", "notes", "bio", "about", "summary", "remark",
            "remarks", "feedback", "answer", "question", "commentaire", "texte", "motif");
    /** A heading is a person's writing beside a body (a message's subject), a thing's name otherwise (an album's). */
    private static final Set<String> HEADINGS = Set.of("title", "subject", "titre", "objet");
    private static final Set<String> BODIES = Set.of("body", "content", "text", "message", "texte");
    /** Words a value needs to read as a sentence. */
    private static final int SENTENCE_WORDS = 3;
    /** Words on average that make an unnamed column's values prose. */
    private static final int PROSE_AVERAGE_WORDS = 6;

    private FreeText() {
    }

    /**
     * Whether the values read like what people write: varied (no value repeated across the whole sample, as a
     * template or a setting would be), and sentence-like: one value of three words or more in a column named for
     * prose (or a heading beside a body), six words on average in any other.
     */
    static boolean isProse(String column, List<String> values, List<String> siblings) {
        List<String> texts = values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (texts.isEmpty() || texts.stream().allMatch(v -> v.startsWith("{") || v.startsWith("["))) {
            return false;
        }
        Set<String> distinct = new HashSet<>(texts);
        if (texts.size() > 1 && distinct.size() * 2 <= texts.size()) {
            return false;
        }
        List<String> words = ColumnNameDetector.tokens(column);
        boolean named = words.stream().anyMatch(PROSE_WORDS::contains) || words.stream().anyMatch(HEADINGS::contains)
                && siblings.stream().anyMatch(s -> ColumnNameDetector.tokens(s).stream().anyMatch(BODIES::contains));
        if (named) {
            return texts.stream().anyMatch(v -> words(v) >= SENTENCE_WORDS);
        }
        return texts.stream().mapToInt(FreeText::words).average().orElse(0) >= PROSE_AVERAGE_WORDS;
    }

    /** Words mostly made of letters: numbers, codes and hashes do not make a sentence. */
    private static int words(String value) {
        int words = 0;
        for (String w : value.split("\\s+")) {
            long letters = w.chars().filter(Character::isLetter).count();
            if (letters >= 2 && letters * 2 > w.length()) {
                words++;
            }
        }
        return words;
    }
}
