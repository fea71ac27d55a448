package io.stagingsync.ops;

import io.stagingsync.report.ReportJson;
import io.stagingsync.settings.TargetMode;
import io.stagingsync.target.DatabaseCopies;
import java.util.Map;

/** GET /api/copies: the target's copies in copies mode, newest first, the live one marked. */
public final class CopiesView {

    private final TargetMode mode;
    private final DatabaseCopies copies;

    public CopiesView(TargetMode mode, DatabaseCopies copies) {
        this.mode = mode;
        this.copies = copies;
    }

    public Map<String, Object> list() {
        if (mode != TargetMode.COPIES) {
            throw new OpsError(404, "SYNC_TARGET_MODE is " + mode.label() + ": the target has no copies to list; "
                    + "set SYNC_TARGET_MODE=copies to keep timestamped copies");
        }
        return Map.of("copies", ReportJson.copies(copies.list()));
    }
}
