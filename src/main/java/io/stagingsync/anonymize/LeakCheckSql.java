package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The leak check's SQL over one table's two private copies, joined by their row number; every function and operator
 * is pg_catalog's, named as such. Each value is reduced once to a comparison key: its text lower-cased, whitespace
 * trimmed and collapsed, or its digits alone when it looks like a phone number.
 */
final class LeakCheckSql {

    /** A masked value is a hex digest of one of these lengths, shortest first: md5, sha1, sha256. */
    static final int[] DIGEST_LENGTHS = {32, 40, 64};
    private static final String DIGEST_ARRAY = IntStream.of(DIGEST_LENGTHS).mapToObj(String::valueOf)
            .collect(Collectors.joining(", ", "ARRAY[", "]"));
    static final String SHA1 = "__staging_sync_sha1";

    static final int KEPT = 1;
    static final int NORMALIZED = 2;
    static final int COPIED = 3;
    static final int MOVED = 4;
    static final int REVERSED = 5;
    static final int HASHED = 6;

    private static final String EQ = " OPERATOR(pg_catalog.=) ";
    /** The characters a phone number may hold besides digits; first in a bracket expression, '-' is itself. */
    private static final String PHONE_PUNCTUATION = "-+ ()./";
    private static final String ROW = quote(MaskingSql.ROW_ID);

    private final String masked;
    private final String originals;
    private final String inside;
    private final List<PrivateColumns.Column> columns;

    /** @param inside whether only the rows the rule's condition selected are compared (both copies carry the flag) */
    LeakCheckSql(String masked, String originals, boolean inside, List<PrivateColumns.Column> columns) {
        this.masked = masked;
        this.originals = originals;
        this.inside = inside ? " AND x." + quote(MaskingSql.INSIDE) : "";
        this.columns = columns;
    }

    List<PrivateColumns.Column> columns() {
        return columns;
    }

    /** The value as text; numbers without trailing zeros, so that 1000.00 is 1000 (the type's own equality). */
    private static String text(String alias, PrivateColumns.Column c) {
        String v = alias + "." + quote(c.name());
        return c.privateType().startsWith("numeric") ? "pg_catalog.trim_scale(" + v + ")::pg_catalog.text"
                : v + "::pg_catalog.text";
    }

    /**
     * One scan of the masked rows: per column, rows, non-null values, the smallest and largest text (equal when every
     * row holds one constant), and which hex digest lengths its values include, as bits (1 for the first length).
     */
    String profile() {
        List<String> parts = new ArrayList<>(List.of("pg_catalog.count(*)"));
        for (PrivateColumns.Column c : columns) {
            String t = text("x", c);
            parts.add("pg_catalog.count(x." + quote(c.name()) + ")");
            parts.add("pg_catalog.min(" + t + " COLLATE pg_catalog.\"C\")");
            parts.add("pg_catalog.max(" + t + " COLLATE pg_catalog.\"C\")");
            // hex digits between whitespace, then the length of that run: a counted repetition ({32}), a capture
            // group or translate() cost several times more; one aggregate per column, called only for those values
            parts.add("pg_catalog.bit_or(pg_catalog.int4shl(1, pg_catalog.array_position(" + DIGEST_ARRAY
                    + ", pg_catalog.length(pg_catalog.substring(" + t + ", '[0-9A-Fa-f]+'))) OPERATOR(pg_catalog.-) 1))"
                    + " FILTER (WHERE pg_catalog.length(" + t + ") OPERATOR(pg_catalog.>=) " + DIGEST_LENGTHS[0]
                    + " AND " + t + " OPERATOR(pg_catalog.~) '^\\s*[0-9A-Fa-f]+\\s*$')");
        }
        return "SELECT " + String.join(", ", parts) + " FROM " + masked + " x WHERE true" + inside;
    }

    /** The profile's values per column: non-null values, smallest, largest, digest lengths. */
    static int profileWidth() {
        return 4;
    }

    /**
     * For the sha1 digests computed outside SQL: (row, column number from 1, text, key) for every original value of
     * every checked column; a blank value's key is empty and never matched.
     */
    String originalCells() {
        String values = IntStream.range(0, columns.size())
                .mapToObj(i -> "(" + (i + 1) + ", " + text("x", columns.get(i)) + ")").collect(Collectors.joining(", "));
        return "SELECT x." + ROW + " AS r, c.col, c.exact, " + key("c.exact") + " AS key FROM " + originals + " x"
                + " CROSS JOIN LATERAL (VALUES " + values + ") c(col, exact) WHERE c.exact IS NOT NULL" + inside;
    }

    private static String key(String t) {
        // a value is a phone number when it holds only digits and that punctuation, seven digits or more; a shorter
        // value cannot have seven digits, and a value whose first byte sorts after '9' (a letter: names, e-mails)
        // starts with no phone character: both tests cost less than the pattern. A counted repetition in the pattern
        // and translate() are several times slower than a character class and one replace() per punctuation mark.
        String digits = digitsOf(t);
        return "CASE WHEN pg_catalog.length(" + t + ") OPERATOR(pg_catalog.>=) 7 AND (" + t
                + " COLLATE pg_catalog.\"C\") OPERATOR(pg_catalog.<) ':' AND " + t
                + " OPERATOR(pg_catalog.~) '^[" + PHONE_PUNCTUATION + "0-9]+$' AND pg_catalog.length(" + digits
                + ") OPERATOR(pg_catalog.>=) 7 THEN " + digits
                // matching is cheaper than replacing: most values have no whitespace to collapse
                + " WHEN " + t + " OPERATOR(pg_catalog.~) '\\s\\s|[\\t\\n\\r\\f\\v]|^ | $' THEN pg_catalog.lower(pg_catalog.btrim("
                + "pg_catalog.regexp_replace(" + t + ", '\\s+', ' ', 'g'))) ELSE pg_catalog.lower(" + t + ") END";
    }

    /** The value with the phone punctuation taken out: only its digits once it is known to hold nothing else. */
    private static String digitsOf(String t) {
        String out = t;
        for (char c : PHONE_PUNCTUATION.toCharArray()) {
            out = "pg_catalog.replace(" + out + ", '" + c + "', '')";
        }
        return out;
    }

    /**
     * Per masked column (numbered from 1) and kind, the masked cells that still hold an original value. One pass
     * over the two copies joined by row number: each value reduced once to its key, and each masked cell compared
     * with its own row's originals in every form (arrays, no join). Then the masked keys fewer than {@code minShared}
     * cells of their column hold, and only those, are looked up among every row's originals.
     *
     * @param checked the column numbers whose masked cells are checked (the constants left out)
     * @param digests which hex digest lengths appear among the masked cells
     * @param sha1    whether {@link #SHA1} holds the sha1 digests of the originals
     */
    String survivors(List<Integer> checked, boolean[] digests, boolean sha1, int minShared) {
        int k = columns.size();
        List<String> exact = new ArrayList<>();
        List<String> maskedExact = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            exact.add(text("o", columns.get(i)));
            maskedExact.add(checked.contains(i) ? text("m", columns.get(i)) : "NULL::pg_catalog.text");
        }
        List<String> keys = new ArrayList<>();
        List<String> maskedKeys = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            keys.add(key("oe[" + i + "]"));
            maskedKeys.add(key("me[" + i + "]"));
            // a key equal to its text has the text's digest: NULL instead, never matched and not computed twice
            String differentKey = "CASE WHEN ok[" + i + "] OPERATOR(pg_catalog.<>) oe[" + i + "] THEN ok[" + i + "] END";
            hashes.addAll(digestsOf("oe[" + i + "]", digests));
            hashes.addAll(digestsOf(differentKey, digests));
        }
        String hashArray = hashes.isEmpty() ? "ARRAY[]::pg_catalog.text[]" : "ARRAY[" + String.join(", ", hashes) + "]";
        if (sha1) {
            hashArray = "pg_catalog.array_cat(" + hashArray + ", COALESCE(d.digests, ARRAY[]::pg_catalog.text[]))";
        }
        String kinds = IntStream.rangeClosed(1, k).mapToObj(i -> "CASE WHEN mk[" + i + "] IS NULL OR mk[" + i + "]" + EQ
                + "'' THEN 0 WHEN me[" + i + "]" + EQ + "oe[" + i + "] THEN " + KEPT + " WHEN mk[" + i + "]" + EQ + "ok["
                + i + "] THEN " + NORMALIZED + " WHEN mk[" + i + "]" + EQ + "ANY (ok) THEN " + MOVED
                + " WHEN pg_catalog.reverse(mk[" + i + "])" + EQ + "ANY (ok) THEN " + REVERSED + " WHEN mk[" + i + "]"
                + EQ + "ANY (h) THEN " + HASHED + " ELSE 0 END").collect(Collectors.joining(", "));
        String joined = "SELECT o." + ROW + " AS r, ARRAY[" + String.join(", ", exact) + "] AS oe, ARRAY["
                + String.join(", ", maskedExact) + "] AS me FROM " + originals + " o JOIN " + masked + " m ON m." + ROW
                + EQ + "o." + ROW + (inside.isEmpty() ? "" : " WHERE o." + quote(MaskingSql.INSIDE)) + " OFFSET 0";
        String keyed = "SELECT r, oe, me, ARRAY[" + String.join(", ", keys) + "] AS ok, ARRAY["
                + String.join(", ", maskedKeys) + "] AS mk FROM (" + joined + ") j OFFSET 0";
        String hashed = "SELECT kd.r, oe, me, ok, mk, " + hashArray + " AS h FROM (" + keyed + ") kd"
                + (sha1 ? " LEFT JOIN (SELECT r, pg_catalog.array_agg(key) AS digests FROM pg_temp." + quote(SHA1)
                        + " GROUP BY r) d ON d.r" + EQ + "kd.r" : "") + " OFFSET 0";
        return "WITH checked_rows AS MATERIALIZED (SELECT r, ok, h, mk, ARRAY[" + kinds + "] AS own FROM (" + hashed + ") hd),"
                // set-returning functions in the select list run in step, without a tuple store per row
                + " cells AS MATERIALIZED (SELECT c.col, c.key, c.own FROM (SELECT pg_catalog.unnest(mk) AS key,"
                + " pg_catalog.unnest(own) AS own, pg_catalog.generate_series(1, " + k + ") AS col FROM checked_rows) c"
                + " WHERE c.key OPERATOR(pg_catalog.<>) ''),"
                + " rare AS (SELECT col, key FROM cells GROUP BY col, key HAVING pg_catalog.count(*) OPERATOR(pg_catalog.<) "
                + minShared + "),"
                + " probes AS (SELECT col, key, key AS probe, false AS reversed FROM rare UNION ALL"
                + " SELECT col, key, pg_catalog.reverse(key), true FROM rare),"
                + " original_keys AS (SELECT pg_catalog.unnest(ok) AS key, pg_catalog.generate_series(1, " + k + ") AS col,"
                + " false AS hashed FROM checked_rows"
                + (hashes.isEmpty() && !sha1 ? "" : " UNION ALL SELECT pg_catalog.unnest(h), 0, true FROM checked_rows")
                + "),"
                + " rare_kinds AS (SELECT p.col, p.key, pg_catalog.min(CASE WHEN f.hashed THEN " + HASHED
                + " WHEN p.reversed THEN " + REVERSED + " WHEN f.col OPERATOR(pg_catalog.<>) p.col THEN " + MOVED
                + " ELSE " + COPIED + " END) AS kind FROM probes p JOIN original_keys f ON f.key" + EQ + "p.probe"
                + " GROUP BY p.col, p.key)"
                + " SELECT c.col, CASE WHEN c.own OPERATOR(pg_catalog.>) 0 THEN c.own ELSE rk.kind END AS kind,"
                + " pg_catalog.count(*) FROM cells c LEFT JOIN rare_kinds rk ON rk.col" + EQ + "c.col AND rk.key" + EQ
                + "c.key WHERE c.own OPERATOR(pg_catalog.>) 0 OR rk.kind IS NOT NULL GROUP BY 1, 2";
    }

    /** The unsalted hex digests of {@code v} the masked cells could hold: md5 and sha256 (sha1 comes from Java). */
    private static List<String> digestsOf(String v, boolean[] digests) {
        List<String> out = new ArrayList<>();
        if (digests[0]) {
            out.add("pg_catalog.md5(" + v + ")");
        }
        if (digests[2]) {
            out.add("pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(" + v + ", 'UTF8')), 'hex')");
        }
        return out;
    }

    /**
     * How many masked keys (or their reversals) equal a key or digest of some original, of any row and any checked
     * column: a masked cell is a survivor of any kind only if its key or its reversal is one of these forms, so when
     * none is, {@link #survivors} would find nothing and need not run. Each distinct original text is reduced to its
     * key and digested once (columns and rows repeat values: cities, names, codes), and the lookup is one hash join
     * of the masked keys against those forms, without the per-row arrays or the grouping of the full check.
     */
    String candidates(List<Integer> checked, boolean[] digests, boolean sha1) {
        String maskedTexts = checked.stream().map(i -> text("x", columns.get(i)) + " AS t" + i)
                .collect(Collectors.joining(", "));
        String maskedKeys = checked.stream().map(i -> key("m.t" + i)).collect(Collectors.joining(", "));
        String originalTexts = columns.stream().map(c -> text("x", c)).collect(Collectors.joining(", "));
        StringBuilder forms = new StringBuilder("SELECT k AS f FROM original_keys");
        for (String d : digestsOf("t", digests)) {
            forms.append(" UNION ALL SELECT ").append(d).append(" FROM original_keys");
        }
        // a key equal to its text has the text's digests already
        for (String d : digestsOf("k", digests)) {
            forms.append(" UNION ALL SELECT ").append(d).append(" FROM original_keys WHERE k OPERATOR(pg_catalog.<>) t");
        }
        if (sha1) {
            forms.append(" UNION ALL SELECT key FROM pg_temp.").append(quote(SHA1));
        }
        return "WITH masked_keys AS MATERIALIZED (SELECT u.k FROM (SELECT pg_catalog.unnest(ARRAY[" + maskedKeys
                + "]) AS k FROM (SELECT " + maskedTexts + " FROM " + masked + " x WHERE true" + inside + ") m) u"
                + " WHERE u.k OPERATOR(pg_catalog.<>) ''),"
                + " original_texts AS MATERIALIZED (SELECT DISTINCT u.t FROM (SELECT pg_catalog.unnest(ARRAY["
                + originalTexts + "]) AS t FROM " + originals + " x WHERE true" + inside + ") u WHERE u.t IS NOT NULL),"
                + " original_keys AS MATERIALIZED (SELECT t, " + key("t") + " AS k FROM original_texts),"
                + " forms AS (" + forms + ")"
                + " SELECT pg_catalog.count(*) FROM (SELECT k AS p FROM masked_keys UNION ALL"
                + " SELECT pg_catalog.reverse(k) FROM masked_keys) p JOIN forms ON forms.f" + EQ + "p.p";
    }

    String createSha1() {
        return "CREATE TEMP TABLE " + quote(SHA1) + " (r pg_catalog.int8, col pg_catalog.int4, key pg_catalog.text)"
                + " ON COMMIT DROP";
    }

    static String dropSha1() {
        return "DROP TABLE IF EXISTS pg_temp." + quote(SHA1);
    }
}
