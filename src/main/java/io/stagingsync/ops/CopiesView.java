package io.stagingsync.ops;

import io.stagingsync.report.ReportJson;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.settings.TargetMode;
import io.stagingsync.settings.TargetSpec;
import io.stagingsync.target.DatabaseCopies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /api/copies: the copies of each target in copies mode, newest first, the live one marked. */
public final class CopiesView {

    private final SyncSettings sync;
    private final DatabaseCopies copies;

    public CopiesView(SyncSettings sync, DatabaseCopies copies) {
        this.sync = sync;
        this.copies = copies;
    }

    public Map<String, Object> list() {
        if (sync.neonTarget()) {
            throw new OpsError(404, "SYNC_TARGET=neon keeps Neon branches, not copies: each run's branch and the ones "
                    + "deleted are in the report's target.neon; the project's branches are listed by Neon's console or API");
        }
        if (!sync.severalTargets()) {
            if (sync.targetMode() != TargetMode.COPIES) {
                throw new OpsError(404, "SYNC_TARGET_MODE is " + sync.targetMode().label() + ": the target has no "
                        + "copies to list; set SYNC_TARGET_MODE=copies to keep timestamped copies");
            }
            return Map.of("copies", ReportJson.copies(copies.list(sync.target())));
        }
        List<TargetSpec> kept = sync.targets().stream().filter(t -> t.mode() == TargetMode.COPIES).toList();
        if (kept.isEmpty()) {
            throw new OpsError(404, "no target of SYNC_TARGETS is in copies mode: none has copies to list; "
                    + "give a target `mode: copies` to keep timestamped copies");
        }
        List<Map<String, Object>> targets = kept.stream().map(t -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", t.name());
            one.put("copies", ReportJson.copies(copies.list(t.database())));
            return one;
        }).toList();
        return Map.of("targets", targets);
    }
}
