package io.stagingsync.source.mongodb;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One collection of the source and what the run does with it.
 *
 * @param sourceCount the documents the source counted when the run inspected it
 * @param rule        the rules file's entry that masks it, e.g. {@code tables[1] (users)}; null without a rule
 * @param paths       its masked paths; empty: copied as it is
 * @param excluded    listed under exclude_tables: its table is created, its documents are not copied
 * @param samples     a few documents as relaxed Extended JSON, for the plan's path check and the PII scan only
 */
public record CollectionCopy(String collection, String table, long sourceCount, String rule, List<PathRule> paths,
                             boolean excluded, List<String> samples) {

    public boolean masked() {
        return !paths.isEmpty();
    }

    /** The table's name as an SQL identifier. */
    public String quotedTable() {
        return PathSql.quote(table);
    }

    public List<String> maskedPaths() {
        return paths.stream().map(PathRule::path).collect(Collectors.toList());
    }

    public CollectionCopy withPaths(String entry, List<PathRule> rulePaths, boolean exclude) {
        return new CollectionCopy(collection, table, sourceCount, entry, List.copyOf(rulePaths), exclude, samples);
    }
}
