package io.stagingsync.anonymize;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.LeakFindings;
import io.stagingsync.failure.SyncFailure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query rule: its SQL changes the private copy; changed columns are found against a raw snapshot and leak-checked. */
final class QueryMasking {

    private QueryMasking() {
    }

    static Masked mask(Statement s, MaskingSql sql, TableLoad load, long archiveRows, int minShared,
            StepClock clock) throws SQLException {
        long kept = 0;
        if (sql.hasCondition()) {
            kept = s.executeUpdate(sql.setAsideOutsideCondition());
            s.executeUpdate(sql.deleteOutsideCondition());
        }
        s.execute(sql.snapshotOriginals());
        for (String query : load.rule().queries()) {
            s.execute(query);
        }
        clock.mark("queries");
        long maskedRows = archiveRows - kept;
        long afterQueries = LeakCheck.single(s, sql.copyRows());
        if (afterQueries != maskedRows) {
            return new Masked(List.of(), LeakFindings.none(), afterQueries + kept);
        }
        List<String> columns = changedColumns(s, sql, load);
        if (columns.isEmpty() && maskedRows > 0) {
            throw new SyncFailure("the query of " + load.rule().entry() + " changed nothing in " + maskedRows
                    + " rows of " + load.displayName() + ": write the table name unqualified (UPDATE "
                    + load.ruleTable() + " SET …) so that it acts on the private copy");
        }
        // the rows the query left as they were count as kept, unless the column became one constant
        LeakFindings leaks = LeakCheck.check(s, sql.leakCheckOfQuery(columns), minShared, clock);
        return new Masked(columns, leaks, afterQueries + kept);
    }

    /** Once the raw snapshot is gone: the real table must still be empty, nothing may have bypassed the copy. */
    static void checkRealTableUntouched(Statement s, MaskingSql sql, TableLoad load) throws SQLException {
        if (LeakCheck.single(s, sql.realTableRows()) != 0) {
            throw new SyncFailure("the rule of " + load.rule().entry() + " wrote to the real table "
                    + load.displayName() + " instead of its private copy: write the table name unqualified");
        }
    }

    private static List<String> changedColumns(Statement s, MaskingSql sql, TableLoad load) throws SQLException {
        List<String> changed = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql.changedColumns())) {
            rs.next();
            for (int i = 0; i < load.columns().size(); i++) {
                if (rs.getLong(i + 1) > 0) {
                    changed.add(load.columns().get(i));
                }
            }
        }
        return changed;
    }
}
