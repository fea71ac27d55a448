package io.stagingsync.anonymize;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.LeakFindings;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** A columns rule: masked rows computed from the raw copy into the masked copy, leak-checked between the two. */
final class ColumnsMasking {

    private ColumnsMasking() {
    }

    static Masked mask(Statement s, MaskingSql sql, TableLoad load, int minShared, StepClock clock) throws SQLException {
        s.execute(sql.createMasked());
        long rows = s.executeUpdate(sql.insertMaskedColumns());
        clock.mark("masked copy");
        List<String> columns = List.copyOf(load.rule().columns().keySet());
        LeakFindings leaks = LeakCheck.check(s, sql.leakCheckOfColumns(columns), minShared, clock);
        // the masked copy holds only the masked rows until the rows outside the condition go in
        Map<String, Long> violations = GeneratorCheck.violations(s, load, sql.maskedCopy());
        clock.mark("generator check");
        if (sql.hasCondition()) {
            rows += s.executeUpdate(sql.insertOutsideCondition());
        }
        return new Masked(columns, leaks, rows, violations);
    }
}
