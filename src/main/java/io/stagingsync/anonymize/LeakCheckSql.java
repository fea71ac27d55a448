package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The leak check's SQL over one table's two private copies, joined by their row number: every function and operator
 * pg_catalog's, named as such. Each masked cell and each original value is reduced once to a comparison key: its
 * text lower-cased, whitespace trimmed and collapsed, or its digits alone when it looks like a phone number.
 */
final class LeakCheckSql {

    /** A masked value is a hex digest of one of these lengths: md5, sha1, sha256. */
    static final int[] DIGEST_LENGTHS = {32, 40, 64};
    static final String SHA1 = "__staging_sync_sha1";

    static final int KEPT = 1;
    static final int NORMALIZED = 2;
    static final int COPIED = 3;
    static final int MOVED = 4;
    static final int REVERSED = 5;
    static final int HASHED = 6;

    private static final String EQ = " OPERATOR(pg_catalog.=) ";
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
     * row holds one constant), and whether any value is a hex digest of each length.
     */
    String profile() {
        List<String> parts = new ArrayList<>(List.of("pg_catalog.count(*)"));
        for (PrivateColumns.Column c : columns) {
            String t = text("x", c);
            parts.add("pg_catalog.count(x." + quote(c.name()) + ")");
            parts.add("pg_catalog.min(" + t + " COLLATE pg_catalog.\"C\")");
            parts.add("pg_catalog.max(" + t + " COLLATE pg_catalog.\"C\")");
            for (int length : DIGEST_LENGTHS) {
                parts.add("pg_catalog.bool_or(pg_catalog.length(" + t + ") OPERATOR(pg_catalog.>=) " + length + " AND "
                        + t + " OPERATOR(pg_catalog.~) '^\\s*[0-9A-Fa-f]{" + length + "}\\s*$')");
            }
        }
        return "SELECT " + String.join(", ", parts) + " FROM " + masked + " x WHERE true" + inside;
    }

    static int profileWidth() {
        return 2 + DIGEST_LENGTHS.length;
    }

    /**
     * (row, column number, text, key) for every non-null value of {@code checked}, numbered as in {@link #columns}; an empty
     * key (a blank value) is kept here and never matched: it is left out of the original forms.
     */
    private String cells(String relation, List<Integer> checked) {
        String values = checked.stream().map(i -> "(" + i + ", " + text("x", columns.get(i)) + ")")
                .collect(Collectors.joining(", "));
        return "SELECT x." + ROW + " AS r, c.col, c.exact, " + key("c.exact") + " AS key FROM " + relation + " x"
                + " CROSS JOIN LATERAL (VALUES " + values + ") c(col, exact) WHERE c.exact IS NOT NULL" + inside;
    }

    /** Every original value of every checked column, for the sha1 digests computed outside SQL. */
    String originalCells() {
        return cells(originals, IntStream.range(0, columns.size()).boxed().toList());
    }

    private static String key(String t) {
        String digits = "pg_catalog.regexp_replace(" + t + ", '[^0-9]', '', 'g')";
        return "CASE WHEN " + t + " OPERATOR(pg_catalog.~) '^[-+0-9 ()./]+$' AND pg_catalog.length(" + digits
                + ") OPERATOR(pg_catalog.>=) 7 THEN " + digits + " ELSE pg_catalog.lower(pg_catalog.btrim("
                + "pg_catalog.regexp_replace(" + t + ", '\\s+', ' ', 'g'))) END";
    }

    /**
     * Per masked column and kind, the masked cells that still hold an original value. A cell survives when it matches
     * an original of its own row (any column, any form), or any row's original while fewer than {@code minShared}
     * masked cells of its column hold it. One pass over each copy: cells and original forms are computed once, then
     * joined twice (by row and key; by key for the rare values only, so a common value is never joined row by row).
     *
     * @param maskedColumns the column numbers whose masked cells are checked (the constants left out)
     * @param digests       which hex digest lengths appear among the masked cells
     * @param sha1          whether {@link #SHA1} holds the sha1 digests of the originals
     */
    String survivors(List<Integer> maskedColumns, boolean[] digests, boolean sha1, int minShared) {
        List<String> forms = new ArrayList<>(List.of(
                "SELECT r, col, exact, key, 1 AS form FROM original_cells",
                "SELECT r, col, exact, pg_catalog.reverse(key), 2 FROM original_cells"));
        if (digests[0]) {
            forms.add("SELECT r, col, exact, pg_catalog.md5(exact), 3 FROM original_cells");
            forms.add("SELECT r, col, exact, pg_catalog.md5(key), 3 FROM original_cells");
        }
        if (digests[2]) {
            forms.add("SELECT r, col, exact, pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(exact, 'UTF8')), 'hex'), 3 FROM original_cells");
            forms.add("SELECT r, col, exact, pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(key, 'UTF8')), 'hex'), 3 FROM original_cells");
        }
        forms.replaceAll(f -> f + " WHERE key OPERATOR(pg_catalog.<>) ''");
        if (sha1) {
            forms.add("SELECT r, col, NULL, key, 3 FROM pg_temp." + quote(SHA1));
        }
        String kindOfForm = "CASE WHEN f.form" + EQ + "3 THEN " + HASHED + " WHEN f.form" + EQ + "2 THEN " + REVERSED
                + " WHEN f.col OPERATOR(pg_catalog.<>) %s.col THEN " + MOVED;
        return "WITH masked_cells AS MATERIALIZED (" + cells(masked, maskedColumns) + "),"
                + " original_cells AS MATERIALIZED (" + originalCells() + "),"
                + " original_forms AS MATERIALIZED (" + String.join(" UNION ALL ", forms) + "),"
                + " rare AS (SELECT col, key FROM masked_cells GROUP BY col, key HAVING pg_catalog.count(*)"
                + " OPERATOR(pg_catalog.<) " + minShared + "),"
                + " rare_kinds AS (SELECT rare.col, rare.key, pg_catalog.min(" + kindOfForm.formatted("rare")
                + " ELSE " + COPIED + " END) AS kind FROM rare JOIN original_forms f ON f.key" + EQ + "rare.key"
                + " GROUP BY rare.col, rare.key),"
                + " found AS (SELECT m.r, m.col, " + kindOfForm.formatted("m") + " WHEN f.exact" + EQ + "m.exact THEN "
                + KEPT + " ELSE " + NORMALIZED + " END AS kind FROM masked_cells m JOIN original_forms f"
                + " ON f.r" + EQ + "m.r AND f.key" + EQ + "m.key"
                + " UNION ALL SELECT m.r, m.col, rk.kind FROM masked_cells m JOIN rare_kinds rk"
                + " ON rk.col" + EQ + "m.col AND rk.key" + EQ + "m.key),"
                + " cells AS (SELECT r, col, pg_catalog.min(kind) AS kind FROM found GROUP BY r, col)"
                + " SELECT col, kind, pg_catalog.count(*) FROM cells GROUP BY col, kind";
    }

    String createSha1() {
        return "CREATE TEMP TABLE " + quote(SHA1) + " (r pg_catalog.int8, col pg_catalog.int4, key pg_catalog.text)"
                + " ON COMMIT DROP";
    }

    static String dropSha1() {
        return "DROP TABLE IF EXISTS pg_temp." + quote(SHA1);
    }
}
