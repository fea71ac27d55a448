package io.stagingsync.piiscan;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.SyncFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The first rows of a table of the final database; a query that fails fails the scan, never "no finding". */
final class TargetSampler implements Sampler {

    private final DataSource pool;

    TargetSampler(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Map<String, List<String>> sample(TableLoad load, List<String> columns, int rows) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        columns.forEach(c -> values.put(c, new ArrayList<>()));
        String select = columns.stream().map(c -> quote(c) + "::text").collect(Collectors.joining(", "));
        String sql = "SELECT " + select + " FROM ONLY " + load.table().sql() + " LIMIT " + rows;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    String v = rs.getString(i + 1);
                    if (v != null) {
                        values.get(columns.get(i)).add(v);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SyncFailure("the PII scan of " + load.displayName() + " failed: " + e.getMessage(), e);
        }
        return values;
    }
}
