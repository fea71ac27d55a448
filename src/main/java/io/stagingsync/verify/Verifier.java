package io.stagingsync.verify;

import io.stagingsync.anonymize.GeneratorCheck;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the committed target: archive row counts, excluded tables empty, no leak-check survivor, built-in
 * strategies' columns matching their generators. A check query that errors fails the run, never "0 issues".
 */
public final class Verifier {

    public void verify(SyncRun run) {
        List<String> problems = new ArrayList<>();
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            for (TableLoad load : run.getPlan().loads()) {
                TableResult result = run.results().tables().get(load.displayName());
                if (result == null) {
                    problems.add(load.displayName() + ": no load result");
                    continue;
                }
                long rows = count(s, load.table(), true);
                if (rows != result.archiveRows()) {
                    problems.add(load.displayName() + ": " + rows + " rows in the target, " + result.archiveRows()
                            + " in the archive");
                }
                if (load.masked() && result.totalSurvivors() != 0) {
                    problems.add(load.displayName() + ": leak check found " + result.survivors());
                }
                if (load.masked() && load.rule().condition() == null) {
                    // again on the committed rows: what the load checked is what readers now see
                    GeneratorCheck.violations(s, load, "ONLY " + load.table().sql()).forEach((column, wrong) -> {
                        if (wrong != 0) {
                            problems.add(load.displayName() + "." + column + ": " + wrong + " rows do not match the "
                                    + "strategy's generator");
                        }
                    });
                }
            }
            for (QualifiedName excluded : run.getPlan().excluded()) {
                long rows = count(s, excluded, false);
                if (rows != 0) {
                    problems.add(excluded + " is excluded but holds " + rows + " rows");
                }
            }
        } catch (SQLException e) {
            problems.add("a verification query failed: " + e.getMessage());
        }
        run.results().verification(problems.isEmpty(), problems);
        if (!problems.isEmpty()) {
            throw new SyncFailure("verification failed: " + String.join("; ", problems));
        }
    }

    /** {@code only}: the table's own rows, not those of its partitions or inheritance children. */
    private static long count(Statement s, QualifiedName table, boolean only) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + (only ? "ONLY " : "") + table.sql())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
