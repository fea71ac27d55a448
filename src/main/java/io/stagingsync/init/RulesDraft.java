package io.stagingsync.init;

import java.util.List;

/**
 * The rules file {@code init} writes, before it is text: every entry with the reason its reviewer needs.
 *
 * @param source    the backup the draft was made from, as the header names it
 * @param findings  how many findings of the archive's scan the draft answers
 * @param unanswered findings that name no column of a copied table, which no rule of this file can answer
 * @param salted    whether a chosen built-in strategy needs SYNC_ANONYMIZATION_SALT
 */
public record RulesDraft(String source, int findings, List<Table> tables, List<Line> excluded, List<Line> allowed,
                  List<String> unanswered, boolean salted) {

    /** One {@code tables:} entry: a built-in strategy (with why), and column expressions. */
    public record Table(String name, String strategy, String strategyWhy, List<Column> columns) {
    }

    public record Column(String name, String expression, String why) {
    }

    /** An {@code exclude_tables} or {@code pii_scan.allow} entry, as written, and why. */
    public record Line(String entry, String why) {
    }
}
