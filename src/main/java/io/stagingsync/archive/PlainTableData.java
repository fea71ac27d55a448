package io.stagingsync.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether pg_restore may run a TABLE DATA entry against the target itself: pg_restore executes the entry's
 * definition and COPY statement as SQL, so only an entry with no definition and a COPY of exactly this table's
 * columns, as pg_dump writes it, qualifies; anything else a hostile dump could have written is relayed instead.
 */
public final class PlainTableData {

    private static final String PREFIX = "COPY ";
    private static final String SUFFIX = " FROM stdin;";

    private PlainTableData() {
    }

    public static boolean of(TocEntry data, QualifiedName table, List<String> columns) {
        if (!data.isTableData() || (data.defn() != null && !data.defn().isBlank()) || data.copyStmt() == null) {
            return false;
        }
        String copy = data.copyStmt().strip();
        if (!copy.startsWith(PREFIX) || !copy.endsWith(SUFFIX)) {
            return false;
        }
        List<String> tokens = tokens(copy.substring(PREFIX.length(), copy.length() - SUFFIX.length()));
        if (tokens == null) {
            return false;
        }
        List<String> expected = new ArrayList<>();
        if (table.schema() != null) {
            expected.add("i" + table.schema());
            expected.add(".");
        }
        expected.add("i" + table.name());
        if (!columns.isEmpty()) {
            expected.add("(");
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    expected.add(",");
                }
                expected.add("i" + columns.get(i));
            }
            expected.add(")");
        }
        return tokens.equals(expected);
    }

    /**
     * Identifiers ({@code i} + name: quoted, or lowercase unquoted as pg_dump leaves them) and the punctuation of a
     * name and a column list; null on anything else: a keyword, a literal, a second statement.
     */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '.' || c == '(' || c == ')' || c == ',') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                StringBuilder name = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        return null;
                    }
                    char q = text.charAt(i);
                    if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        name.append('"');
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        break;
                    } else {
                        name.append(q);
                        i++;
                    }
                }
                tokens.add("i" + name);
            } else if ((c >= 'a' && c <= 'z') || c == '_') {
                int start = i;
                while (i < text.length() && ((text.charAt(i) >= 'a' && text.charAt(i) <= 'z')
                        || (text.charAt(i) >= '0' && text.charAt(i) <= '9') || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add("i" + text.substring(start, i));
            } else {
                return null;
            }
        }
        return tokens;
    }
}
