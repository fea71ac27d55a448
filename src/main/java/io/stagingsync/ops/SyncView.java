package io.stagingsync.ops;

import io.stagingsync.report.RunHistory;
import io.stagingsync.run.Progress;
import io.stagingsync.run.SyncRun;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the ops API shows of a run in progress: its summary and its live progress. */
final class SyncView {

    private SyncView() {
    }

    static Map<String, Object> live(SyncRun run, Progress.Snapshot now) {
        Map<String, Object> m = RunHistory.summary(run);
        // a failed run is still rolling back and reporting: its outcome is final once it leaves the gate
        m.put("status", run.cancelledBy() != null ? "cancelling" : "running");
        m.put("stage", now.stage());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bytes_done", now.bytesDone());
        p.put("bytes_total", now.bytesTotal());
        p.put("bytes_per_second", now.bytesPerSecond());
        p.put("percent", now.runPercent());
        p.put("eta_seconds", now.runEtaSeconds());
        p.put("tables_done", now.tablesDone());
        p.put("tables_total", now.tablesTotal());
        p.put("tables_in_flight", now.tablesInFlight());
        p.put("rows_loaded", now.rowsLoaded());
        p.put("rows_total", now.rowsTotal());
        p.put("data_bytes_done", now.dataBytesDone());
        p.put("data_bytes_total", now.dataBytesTotal());
        m.put("progress", p);
        return m;
    }

    /** A run claimed by a trigger whose pipeline has not created its state yet. */
    static Map<String, Object> starting(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", "running");
        m.put("stage", "starting");
        return m;
    }
}
