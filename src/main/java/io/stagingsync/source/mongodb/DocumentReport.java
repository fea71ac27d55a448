package io.stagingsync.source.mongodb;

import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A MongoDB run's {@code tables[]} in report.json: one entry per collection, with the fields a table's entry has. */
public final class DocumentReport {

    private DocumentReport() {
    }

    public static List<Map<String, Object>> tables(SyncRun run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CollectionCopy copy : run.documents().collections().stream()
                .sorted(Comparator.comparing(CollectionCopy::table)).toList()) {
            TableResult r = run.results().tables().get(copy.table());
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", copy.table());
            t.put("collection", copy.collection());
            t.put("rule", copy.excluded() ? "excluded" : copy.masked() ? "paths" : "none");
            t.put("rule_entry", copy.rule());
            t.put("rows", r == null ? null : r.rows());
            t.put("archive_rows", r == null ? null : r.archiveRows());
            t.put("source_count", copy.sourceCount());
            t.put("masked_columns", copy.maskedPaths());
            if (copy.masked()) {
                Map<String, Object> leak = new LinkedHashMap<>();
                leak.put("survivors", r == null ? null : r.totalSurvivors());
                leak.put("per_column", r == null ? null : r.survivors());
                t.put("leak_check", r == null ? null : leak);
            }
            t.put("duration_ms", r == null ? null : r.durationMs());
            out.add(t);
        }
        return out;
    }
}
