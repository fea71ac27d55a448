package io.stagingsync.ops;

import io.stagingsync.report.History;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN when the last sync failed or was refused, or was cancelled leaving the target other than it was. Neither
 * liveness nor readiness: a failed sync is a reason to look, not to restart the container or to cut it off from the
 * API that starts the next one.
 */
public final class LastRunHealthCheck extends AbstractHealthCheck {

    private final History history;

    public LastRunHealthCheck(History history) {
        super("staging-sync", "last-sync");
        this.history = history;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<Map<String, Object>> runs = history.list().stream().filter(r -> "run".equals(r.get("command"))).toList();
        if (runs.isEmpty()) {
            builder.up().detail("last_sync", "none yet");
            return;
        }
        Map<String, Object> last = runs.get(0);
        builder.detail("last_sync_id", last.get("id"));
        builder.detail("last_sync_status", last.get("status"));
        builder.detail("last_sync_finished_at", String.valueOf(last.get("finished_at")));
        if ("success".equals(last.get("status"))) {
            builder.up();
        } else if ("cancelled".equals(last.get("status")) && "untouched".equals(last.get("target_state"))) {
            // a deploy's SIGTERM or an operator's DELETE that left the previous copy in place is nobody's alarm
            builder.message("the last sync was cancelled (" + last.get("cancelled_by") + "); the target holds the "
                    + "copy it held before: GET /api/syncs/" + last.get("id")).up();
        } else {
            builder.message("the last sync " + last.get("status") + ": GET /api/syncs/" + last.get("id")).down();
        }
    }
}
