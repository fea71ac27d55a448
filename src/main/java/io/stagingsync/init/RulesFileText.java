package io.stagingsync.init;

import io.stagingsync.archive.PrintableName;

/** The draft as a commented YAML rules file: a header on how to review it, then every entry with its reason. */
final class RulesFileText {

    private RulesFileText() {
    }

    static String render(RulesDraft draft) {
        StringBuilder out = new StringBuilder();
        comment(out, "", "Anonymization rules drafted by `staging-sync init` from " + draft.source() + ": "
                + draft.findings() + " finding(s) of the PII scan answered below. A draft, to review before use.");
        out.append("#\n");
        comment(out, "", "How to review it:");
        comment(out, "", "- every masked column says why (the scan's finding) and what replaces it; expressions are "
                + "SQL evaluated on the raw row, with PostgreSQL's own functions only (name a schema to call yours)");
        comment(out, "", "- the scan reads column names and the first rows of each table: add the personal columns "
                + "it could not see (free text, notes, documents), and keep the replacements realistic for your app");
        comment(out, "", "- exclude_tables: tables copied as structure only; pii_scan.allow: findings that look "
                + "false, each marked 'review': remove an entry you disagree with");
        if (draft.salted()) {
            comment(out, "", "- the built-in strategies user and email need SYNC_ANONYMIZATION_SALT (`openssl rand "
                    + "-hex 32`), kept across runs");
        }
        for (String finding : draft.unanswered()) {
            comment(out, "", "- not a column of a copied table, to handle by hand: " + finding);
        }
        comment(out, "", "Then: `staging-sync plan` (it checks every rule against the backup and must show no "
                + "finding), then `staging-sync run`. Reference: docs/rules.md.");
        out.append('\n');
        if (draft.tables().isEmpty()) {
            out.append("tables: []\n");
        } else {
            out.append("tables:\n");
        }
        for (RulesDraft.Table table : draft.tables()) {
            out.append("  - table: ").append(scalar(table.name())).append('\n');
            if (table.strategy() != null) {
                comment(out, "    ", "built-in strategy " + table.strategy() + ": " + table.strategyWhy());
                out.append("    strategy: ").append(table.strategy()).append('\n');
            }
            if (!table.columns().isEmpty()) {
                out.append("    columns:\n");
            }
            for (RulesDraft.Column column : table.columns()) {
                comment(out, "      ", column.why());
                out.append("      ").append(scalar(column.name())).append(": ").append(scalar(column.expression()))
                        .append('\n');
            }
            out.append('\n');
        }
        comment(out, "", "Structure restored, data not copied. " + (draft.excluded().isEmpty()
                ? "The backup has no session, token or log table, which would be listed here."
                : "Sessions, tokens and logs hold secrets and traces of people, and staging rarely needs them: "
                + "excluding them is the safe default. To copy one, remove its line and mask its columns under tables:."));
        out.append(draft.excluded().isEmpty() ? "exclude_tables: []\n" : "exclude_tables:\n");
        for (RulesDraft.Line line : draft.excluded()) {
            comment(out, "  ", line.why());
            out.append("  - ").append(scalar(line.entry())).append('\n');
        }
        out.append('\n');
        comment(out, "", "Every column no rule masks is scanned again by plan and run: with policy fail, one that "
                + "looks like personal data stops the run until it is masked or allowed here.");
        out.append("pii_scan:\n  policy: fail\n");
        out.append(draft.allowed().isEmpty() ? "  allow: []\n" : "  allow:\n");
        for (RulesDraft.Line line : draft.allowed()) {
            comment(out, "    ", line.why());
            out.append("    - ").append(scalar(line.entry())).append('\n');
        }
        return out.toString();
    }

    /** A comment, wrapped near 110 columns; names from the dump cannot break out of it. */
    private static void comment(StringBuilder out, String indent, String text) {
        String flat = PrintableName.of(text);
        StringBuilder line = new StringBuilder();
        for (String word : flat.split(" ")) {
            if (!line.isEmpty() && indent.length() + line.length() + word.length() > 110) {
                out.append(indent).append("# ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        out.append(indent).append("# ").append(line).append('\n');
    }

    /** Plain when YAML reads it back unchanged, else a double-quoted scalar with JSON's escapes. */
    static String scalar(String value) {
        if (value.matches("[A-Za-z_][A-Za-z0-9_.]*") && !value.matches("(?i)null|true|false|yes|no|on|off|y|n|~")) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
