package io.stagingsync.archive;

import java.util.ArrayList;
import java.util.List;

/** A schema-qualified PostgreSQL name, read from and written as SQL text (double quotes where needed). */
public record QualifiedName(String schema, String name) {

    /** Quotes an identifier the way PostgreSQL's quote_ident would always be safe to. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    public String sql() {
        return (schema == null ? "" : quote(schema) + ".") + quote(name);
    }

    /**
     * Reads a (possibly qualified, possibly quoted) name at the start of {@code text}, as pg_dump writes them.
     * Returns null when the text does not start with an identifier.
     */
    public static QualifiedName parseAt(String text) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder part = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        part.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        part.append(c);
                        i++;
                    }
                }
            } else {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) {
                    part.append(text.charAt(i));
                    i++;
                }
            }
            if (part.isEmpty()) {
                return null;
            }
            parts.add(part.toString());
            if (i < text.length() && text.charAt(i) == '.' && parts.size() < 2) {
                i++;
                continue;
            }
            break;
        }
        return parts.size() == 2 ? new QualifiedName(parts.get(0), parts.get(1)) : new QualifiedName(null, parts.get(0));
    }

    /** Splits a COPY column list {@code (id, "UserEmail", name)} into plain column names. */
    public static List<String> columnList(String copyStatement) {
        int open = copyStatement.indexOf('(');
        int close = copyStatement.lastIndexOf(") FROM stdin");
        List<String> columns = new ArrayList<>();
        if (open < 0 || close < open) {
            return columns;
        }
        String inner = copyStatement.substring(open + 1, close);
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < inner.length() && inner.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                columns.add(current.toString().trim());
                current.setLength(0);
            } else if (quoted || c != ' ') {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            columns.add(current.toString().trim());
        }
        return columns;
    }

    /** The name as logs and reports show it, control characters escaped (a table of a dump may be named anything). */
    @Override
    public String toString() {
        return PrintableName.of(schema == null ? name : schema + "." + name);
    }
}
