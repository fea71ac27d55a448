package io.stagingsync.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.secrets.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished runs kept across restarts: one small JSON file per run (summary and report) in the report folder; the
 * history of a single instance (the replicas of a cluster share a table instead: routes/86-history).
 */
public final class RunHistory implements History {

    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path dir;
    private final int keep;
    private final ReportWriter reports;
    private final ObjectMapper json = new ObjectMapper();

    public RunHistory(Path dir, int keep, ReportWriter reports) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
        this.reports = reports;
    }

    /** Never throws: losing a history entry must not fail the sync it describes. */
    public void record(SyncRun run) {
        try {
            Map<String, Object> entry = entry(run, reports);
            Files.createDirectories(dir);
            Path file = dir.resolve(run.getId() + ".json");
            Path partial = dir.resolve(run.getId() + ".json.partial");
            Files.writeString(partial, Redactor.apply(json.writeValueAsString(entry)));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune();
        } catch (IOException | RuntimeException e) {
            LOG.warn("sync {} not added to the history in {}: {}", run.getId(), dir.toAbsolutePath(), e.toString());
        }
    }

    /** What the history keeps of a run: its {@code summary} and its {@code report}. */
    static Map<String, Object> entry(SyncRun run, ReportWriter reports) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("summary", summary(run));
        // a run refused before its settings were read has no report, only its summary
        entry.put("report", run.target().database() == null && !run.isSeveralTargets() ? null : reports.toMap(run));
        return entry;
    }

    /** What a list of runs shows of one run; the same shape for a live run and a finished one. */
    public static Map<String, Object> summary(SyncRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.getId());
        m.put("command", run.isPlanOnly() ? "plan" : run.getCommand().label());
        m.put("status", run.status().name().toLowerCase());
        m.put("stage", run.status() == SyncRun.Status.RUNNING ? run.progress().snapshot().stage() : run.failedStage());
        m.put("started_at", run.startedAt().toString());
        Instant end = run.finishedAt();
        m.put("finished_at", end == null ? null : end.toString());
        m.put("duration_ms", Duration.between(run.startedAt(), end == null ? Instant.now() : end).toMillis());
        m.put("error", run.error());
        m.put("target_state", run.targetState().name().toLowerCase());
        if (run.isSeveralTargets()) {
            // one sync, a status per target (SYNC_TARGETS)
            m.put("targets", run.getTargetRuns().stream().map(RunHistory::targetSummary).toList());
        }
        if (run.cancelledBy() != null) {
            m.put("cancelled_by", run.cancelledBy());
        }
        return m;
    }

    private static Map<String, Object> targetSummary(SyncRun target) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", target.target().name());
        m.put("status", target.status().name().toLowerCase());
        m.put("stage", target.status() == SyncRun.Status.RUNNING ? target.progress().snapshot().stage()
                : target.failedStage());
        m.put("error", target.error());
        m.put("target_state", target.targetState().name().toLowerCase());
        return m;
    }

    @Override
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path file : files()) {
            read(file).map(entry -> entry.get("summary")).filter(Map.class::isInstance)
                    .ifPresent(summary -> out.add(cast(summary)));
        }
        return out;
    }

    @Override
    public Optional<Map<String, Object>> find(String id) {
        Path file = dir.resolve(id + ".json");
        return Files.isRegularFile(file) ? read(file) : Optional.empty();
    }

    private List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        // ids start with their start time, so names sort by age
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            LOG.warn("the history in {} cannot be read: {}", dir.toAbsolutePath(), e.toString());
            return List.of();
        }
    }

    private void prune() throws IOException {
        List<Path> all = files();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
    }

    private Optional<Map<String, Object>> read(Path file) {
        try {
            return Optional.of(json.readValue(file.toFile(), MAP));
        } catch (IOException e) {
            LOG.warn("history entry {} is unreadable and is skipped: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
