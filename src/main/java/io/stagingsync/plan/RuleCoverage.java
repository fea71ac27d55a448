package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.TableRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks the plan on the restored catalog: every partition or child of a masked table is masked too. */
public final class RuleCoverage {

    private static final String DESCENDANTS = """
            with recursive tree(oid) as (
                select to_regclass(?)::oid
                union all
                select i.inhrelid from pg_inherits i join tree t on i.inhparent = t.oid)
            select n.nspname, c.relname
              from tree join pg_class c on c.oid = tree.oid join pg_namespace n on n.oid = c.relnamespace
             where c.oid <> to_regclass(?)::oid
            """;

    public void check(SyncRun run) {
        SyncPlan plan = run.getPlan();
        List<String> problems = new ArrayList<>();
        try (Connection c = run.target().pool().getConnection(); PreparedStatement ps = c.prepareStatement(DESCENDANTS)) {
            for (Map.Entry<QualifiedName, TableRule> e : plan.ruled().entrySet()) {
                for (QualifiedName child : descendants(ps, e.getKey())) {
                    Optional<TableLoad> load = loadOf(plan, child);
                    if (load.isPresent() && load.get().rule() != e.getValue()) {
                        problems.add(child + " inherits from " + e.getKey() + " but would not be masked by "
                                + e.getValue().entry());
                    }
                }
            }
            for (QualifiedName excluded : plan.excluded()) {
                for (QualifiedName child : descendants(ps, excluded)) {
                    if (loadOf(plan, child).isPresent()) {
                        problems.add(child + " inherits from the excluded table " + excluded + " but would be copied");
                    }
                }
            }
        } catch (SQLException e) {
            throw new SyncFailure("checking the partitions of masked tables failed: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new SyncFailure("the plan does not cover the archive's partitions and child tables, no data was "
                    + "loaded: " + String.join("; ", problems));
        }
    }

    private static List<QualifiedName> descendants(PreparedStatement ps, QualifiedName table) throws SQLException {
        ps.setString(1, table.sql());
        ps.setString(2, table.sql());
        List<QualifiedName> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new QualifiedName(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    private static Optional<TableLoad> loadOf(SyncPlan plan, QualifiedName table) {
        return plan.loads().stream().filter(l -> l.table().equals(table)).findFirst();
    }
}
