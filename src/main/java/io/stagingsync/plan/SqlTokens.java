package io.stagingsync.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into the tokens PostgreSQL's lexer would see, as far as names are concerned: identifiers (folded
 * to lower case unless quoted), punctuation; string constants, numbers and comments are kept out of the way.
 */
final class SqlTokens {

    enum Kind { NAME, QUOTED_NAME, PUNCTUATION, OTHER }

    record Token(Kind kind, String text) {

        boolean isName() {
            return kind == Kind.NAME || kind == Kind.QUOTED_NAME;
        }

        boolean is(String punctuation) {
            return kind == Kind.PUNCTUATION && text.equals(punctuation);
        }

        boolean isKeyword(String word) {
            return kind == Kind.NAME && text.equals(word);
        }
    }

    private SqlTokens() {
    }

    static List<Token> of(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = commentEnd(sql, i);
            } else if (c == '\'') {
                i = stringEnd(sql, i + 1, false);
                tokens.add(new Token(Kind.OTHER, "'"));
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = stringEnd(sql, i + 2, true);
                tokens.add(new Token(Kind.OTHER, "'"));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                tokens.add(new Token(Kind.OTHER, "'"));
            } else if (c == '"') {
                StringBuilder name = new StringBuilder();
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '"' && i + 1 < n && sql.charAt(i + 1) == '"') {
                        name.append('"');
                        i += 2;
                    } else if (sql.charAt(i) == '"') {
                        i++;
                        break;
                    } else {
                        name.append(sql.charAt(i++));
                    }
                }
                tokens.add(new Token(Kind.QUOTED_NAME, name.toString()));
            } else if (Character.isLetter(c) || c == '_') {
                int startAt = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, sql.substring(startAt, i).toLowerCase(Locale.ROOT)));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.OTHER, "0"));
            } else {
                tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    private static int lineEnd(String sql, int from) {
        int end = sql.indexOf('\n', from);
        return end < 0 ? sql.length() : end + 1;
    }

    /** Block comments nest in PostgreSQL. */
    private static int commentEnd(String sql, int from) {
        int depth = 0;
        int i = from;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int stringEnd(String sql, int from, boolean escapes) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    /** {@code $$} or {@code $tag$} at {@code at}, or null. */
    private static String dollarTag(String sql, int at) {
        int i = at + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            if (i == at + 1 && Character.isDigit(sql.charAt(i))) {
                return null;
            }
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(at, i + 1) : null;
    }
}
