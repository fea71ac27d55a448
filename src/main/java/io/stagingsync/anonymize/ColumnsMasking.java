package io.stagingsync.anonymize;

import io.stagingsync.plan.TableLoad;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** A columns rule: masked rows go from the private copy straight into the table, leak-checked uncommitted. */
final class ColumnsMasking {

    private ColumnsMasking() {
    }

    static Masked mask(Statement s, MaskingSql sql, TableLoad load) throws SQLException {
        long rows = s.executeUpdate(sql.insertMaskedColumns());
        List<String> columns = List.copyOf(load.rule().columns().keySet());
        Map<String, Long> survivors = LeakCheck.survivors(s, columns, sql::survivorsInTable);
        // the table holds only the masked rows until the rows outside the condition go in
        Map<String, Long> violations = GeneratorCheck.violations(s, load);
        if (sql.hasCondition()) {
            rows += s.executeUpdate(sql.insertOutsideCondition());
        }
        return new Masked(columns, survivors, rows, violations);
    }
}
