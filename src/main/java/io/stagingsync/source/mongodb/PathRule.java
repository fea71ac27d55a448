package io.stagingsync.source.mongodb;

import java.util.Arrays;
import java.util.List;

/**
 * One masked JSON path of a collection's rule, e.g. {@code doc.address.city}: the keys below the document, walked
 * through arrays as MongoDB's dot notation does (every element of an array on the way, or at the end, is masked).
 *
 * @param expression SQL evaluated on the raw document: {@code doc} (jsonb), {@code _id} (text) and {@code value}
 *                   (the jsonb found at the path) are in scope; its result, as JSON, replaces the value
 */
public record PathRule(String path, List<String> keys, String expression) {

    public static final String PREFIX = "doc.";

    /** {@code doc.a.b} → keys [a, b]; null when the name is not a document path. */
    public static PathRule parse(String name, String expression) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length() || name.contains("..") || name.endsWith(".")) {
            return null;
        }
        return new PathRule(name, List.copyOf(Arrays.asList(name.substring(PREFIX.length()).split("\\."))), expression);
    }

    /** The keys as an SQL text[] literal. */
    String keysLiteral() {
        StringBuilder out = new StringBuilder("ARRAY[");
        for (int i = 0; i < keys.size(); i++) {
            out.append(i == 0 ? "" : ", ").append('\'').append(keys.get(i).replace("'", "''")).append('\'');
        }
        return out.append("]::text[]").toString();
    }
}
