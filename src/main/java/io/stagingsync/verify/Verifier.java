package io.stagingsync.verify;

import io.stagingsync.anonymize.GeneratorCheck;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.plan.ExtensionRows;
import io.stagingsync.plan.SyncPlan;
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
import java.util.Map;

/**
 * Checks the committed target: archive row counts, excluded tables empty, no leak-check survivor, built-in
 * strategies' columns matching their generators. A check query that errors fails the run, never "0 issues".
 */
public final class Verifier {

    public void verify(SyncRun run) {
        List<String> problems = new ArrayList<>();
        SyncPlan plan = run.getPlan();
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            // an extension's table holds its own rows besides the archive's: counted as pg_dump selects them
            Map<QualifiedName, ExtensionRows.Config> extensionRows = plan.extensions().tables().isEmpty()
                    ? Map.of() : ExtensionRows.read(c);
            for (TableLoad load : plan.loads()) {
                TableResult result = run.results().tables().get(load.displayName());
                if (result == null) {
                    problems.add(load.displayName() + ": no load result");
                    continue;
                }
                ExtensionRows.Config owned = plan.extensionOwned(load.table()) ? extensionRows.get(load.table()) : null;
                long rows = owned != null ? count(s, owned.count()) : count(s, load.table(), true);
                if (rows != result.archiveRows()) {
                    problems.add(load.displayName() + ": " + rows + " rows in the target"
                            + (owned == null ? "" : " beyond the extension " + owned.extension() + "'s own") + ", "
                            + result.archiveRows() + " in the archive");
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
            for (QualifiedName excluded : plan.excluded()) {
                ExtensionRows.Config owned = plan.extensionOwned(excluded) ? extensionRows.get(excluded) : null;
                long rows = owned != null ? count(s, owned.count()) : count(s, excluded, false);
                if (rows != 0) {
                    problems.add(excluded + " is excluded but holds " + rows + " rows"
                            + (owned == null ? "" : " beyond the extension " + owned.extension() + "'s own"));
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
        return count(s, "SELECT count(*) FROM " + (only ? "ONLY " : "") + table.sql());
    }

    private static long count(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
