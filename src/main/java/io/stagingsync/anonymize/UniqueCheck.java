package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.plan.UniqueKey;
import io.stagingsync.failure.SyncFailure;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * Before the masked rows commit: no unique key that involves a masked column has duplicates, so that a rule which
 * collapses distinct values fails here, naming its rule, rather than later when post-data builds the index. It runs
 * after the raw copy is dropped: a partial key's predicate is the dump's code.
 */
final class UniqueCheck {

    private UniqueCheck() {
    }

    static void check(Statement s, TableLoad load) throws SQLException {
        for (UniqueKey key : load.uniqueKeys()) {
            long duplicated = LeakCheck.single(s, duplicates(load, key));
            if (duplicated > 0) {
                throw new SyncFailure("the rule of " + load.displayName() + " (" + load.rule().entry() + ") gives "
                        + duplicated + " duplicated values of " + key.columns() + ", which " + key.name()
                        + " requires to be unique: make the masked values unique, e.g. derive them from id");
            }
        }
    }

    static String duplicates(TableLoad load, UniqueKey key) {
        String columns = key.columns().stream().map(c -> quote(c)).collect(Collectors.joining(", "));
        String filter = key.nullsNotDistinct() ? "true"
                : key.columns().stream().map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        if (key.predicate() != null) {
            filter += " AND (" + key.predicate() + ")";
        }
        return "SELECT pg_catalog.count(*) FROM (SELECT 1 FROM ONLY " + load.table().sql() + " WHERE " + filter + " GROUP BY "
                + columns + " HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1) d";
    }
}
