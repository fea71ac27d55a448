package io.stagingsync.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The finished runs the ops API, the health check and the metrics read: in files, or in a table replicas share. */
public interface History {

    /** Summaries of the kept runs, newest first. */
    List<Map<String, Object>> list();

    /** The stored entry ({@code summary}, {@code report}) of run {@code id}; ids are checked by the caller. */
    Optional<Map<String, Object>> find(String id);

    /** The summary of run {@code id}, if it is kept. */
    @SuppressWarnings("unchecked")
    default Optional<Map<String, Object>> findSummary(String id) {
        return find(id).map(entry -> entry.get("summary")).filter(Map.class::isInstance)
                .map(summary -> (Map<String, Object>) summary);
    }
}
