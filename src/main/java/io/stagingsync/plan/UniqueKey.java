package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unique index, unique constraint or primary key of a table, read from the archive's post-data definition.
 *
 * @param columns           the key's plain columns; empty when it holds an expression (then only post-data checks it)
 * @param nullsNotDistinct  whether NULLs collide too (PostgreSQL 15's NULLS NOT DISTINCT)
 * @param predicate         a partial index's WHERE condition, or null
 */
public record UniqueKey(QualifiedName table, String name, List<String> columns, boolean nullsNotDistinct,
                        String predicate) {

    private static final Pattern INDEX = Pattern.compile("^CREATE UNIQUE INDEX \\S+ ON (?:ONLY )?(.+?) USING \\w+ \\(");
    private static final Pattern CONSTRAINT = Pattern.compile(
            "^ALTER TABLE (?:ONLY )?(.+?) ADD CONSTRAINT (\"(?:[^\"]|\"\")+\"|\\S+) (?:PRIMARY KEY|UNIQUE( NULLS NOT DISTINCT)?) \\((.*?)\\)"
                    + "(?: INCLUDE \\(.*?\\))?(?: .*)?;?$", Pattern.DOTALL);
    private static final Pattern PLAIN = Pattern.compile("\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*");

    /** The unique keys among post-data entries; other entries give nothing. */
    public static List<UniqueKey> read(List<TocEntry> postData) {
        List<UniqueKey> keys = new ArrayList<>();
        for (TocEntry e : postData) {
            if (e.defn() == null) {
                continue;
            }
            String defn = e.defn().replaceAll("\\s+", " ").trim();
            Matcher index = INDEX.matcher(defn);
            Matcher constraint = CONSTRAINT.matcher(defn);
            if ("INDEX".equals(e.desc()) && index.find()) {
                int close = closingParen(defn, index.end());
                if (close > 0) {
                    String rest = defn.substring(close + 1);
                    int where = rest.indexOf(" WHERE ");
                    keys.add(of(index.group(1), e.tag(), defn.substring(index.end(), close),
                            rest.contains(" NULLS NOT DISTINCT"), where < 0 ? null : rest.substring(where + 7)));
                }
            } else if ("CONSTRAINT".equals(e.desc()) && constraint.matches()) {
                keys.add(of(constraint.group(1), constraint.group(2), constraint.group(4), constraint.group(3) != null, null));
            }
        }
        return keys;
    }

    private static UniqueKey of(String table, String name, String elements, boolean nullsNotDistinct, String predicate) {
        List<String> columns = new ArrayList<>();
        for (String element : splitTopLevel(elements)) {
            String e = element.trim();
            if (!PLAIN.matcher(e).matches()) {
                columns.clear();
                break;
            }
            columns.add(e.startsWith("\"") ? e.substring(1, e.length() - 1).replace("\"\"", "\"") : e);
        }
        String where = predicate == null ? null : predicate.replaceFirst(";$", "").trim();
        return new UniqueKey(QualifiedName.parseAt(table), name, List.copyOf(columns), nullsNotDistinct, where);
    }

    /** Where the parenthesis opened just before {@code from} closes, quotes and nesting respected; -1 if never. */
    private static int closingParen(String text, int from) {
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        out.add(current.toString());
        return out;
    }
}
