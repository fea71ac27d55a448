package io.stagingsync.report;

import io.stagingsync.settings.SyncSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.piiscan.PiiSample;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.AlreadyRunningException;
import io.stagingsync.secrets.Redactor;
import io.stagingsync.run.Command;
import io.stagingsync.run.StageTiming;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.source.mongodb.DocumentReport;
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
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the run's proof, report.json and report.txt (plan.json/plan.txt for a plan), free of secrets. */
public final class ReportWriter {

    private final SyncSettings settings;

    public ReportWriter(SyncSettings settings) {
        this.settings = settings;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Never throws: a verified copy must not be rolled back because its report could not be written. The run
     * then exits non-zero, and neither file of an older report is left behind to be mistaken for this run's.
     */
    public void write(SyncRun run) {
        if (run.getCommand() == Command.CHECK || settings == null) {
            return;
        }
        if (run.failureCause() instanceof AlreadyRunningException) {
            // the report folder belongs to the run in progress
            LOG.info("no report written: another sync of the target is running");
            return;
        }
        Path dir = settings.reportDir();
        String name = run.isPlanOnly() ? "plan" : "report";
        Path json = dir.resolve(name + ".json");
        Path text = dir.resolve(name + ".txt");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(json);
            Files.deleteIfExists(text);
            // both written aside first, then moved in: a reader finds both files of this run, or none
            Path jsonPartial = partial(json, Redactor.apply(this.json.writeValueAsString(toMap(run))));
            Path textPartial = partial(text, Redactor.apply(ReportText.render(run)));
            Files.move(jsonPartial, json, StandardCopyOption.ATOMIC_MOVE);
            Files.move(textPartial, text, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("{} written to {}", name, json.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            run.reportFailed(dir.toAbsolutePath() + ": " + e);
            LOG.error("the {} could not be written to {}: {}", name, dir.toAbsolutePath(), e.toString());
            for (Path leftover : List.of(json, text, partialOf(json), partialOf(text))) {
                try {
                    Files.deleteIfExists(leftover);
                } catch (IOException ignored) {
                    // a folder that refuses deletions: the exit code still says the report is missing
                }
            }
        }
    }

    private static Path partial(Path file, String content) throws IOException {
        return Files.writeString(partialOf(file), content);
    }

    private static Path partialOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    public Map<String, Object> toMap(SyncRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.getId());
        m.put("command", run.isInit() ? "init" : run.isPlanOnly() ? "plan" : run.getCommand().label());
        m.put("status", run.status().name().toLowerCase());
        if (run.cancelledBy() != null) {
            m.put("cancelled_by", run.cancelledBy());
        }
        m.put("error", run.error());
        m.put("failed_stage", run.failedStage());
        m.put("started_at", run.startedAt().toString());
        Instant end = run.finishedAt() == null ? Instant.now() : run.finishedAt();
        m.put("finished_at", end.toString());
        m.put("duration_ms", Duration.between(run.startedAt(), end).toMillis());
        m.put("target", target(run));
        m.put("source", settings.source().describe());
        m.put("backup", backup(run));
        m.put("archive", archive(run));
        m.put("rules", rules(run));
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageTiming s : run.stages()) {
            stages.add(ordered("name", s.name(), "duration_ms", s.durationMs(), "status", s.status()));
        }
        m.put("stages", stages);
        m.put("tables", tables(run));
        m.put("excluded_tables", run.getPlan() == null ? List.of()
                : run.getPlan().excluded().stream().map(Object::toString).toList());
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("passed", run.results().verificationPassed());
        verification.put("problems", run.results().verificationProblems());
        m.put("verification", verification);
        m.put("pii_scan", piiScan(run));
        m.put("notes", run.results().notes());
        if (run.reportError() != null) {
            m.put("report_error", run.reportError());
        }
        return m;
    }

    private static Map<String, Object> piiScan(SyncRun run) {
        List<Map<String, Object>> findings = new ArrayList<>();
        if (run.results().piiFindings() != null) {
            for (PiiFinding f : run.results().piiFindings()) {
                findings.add(ordered("where", f.where(), "table", f.table(), "column", f.column(), "reason", f.reason(),
                        "kind", f.kind()));
            }
        }
        List<Map<String, Object>> samples = new ArrayList<>();
        for (PiiSample s : run.results().piiSamples()) {
            samples.add(ordered("where", s.where(), "table", s.table(), "rows_sampled", s.rowsSampled(),
                    "rows_read", s.rowsRead()));
        }
        return ordered("performed", run.results().piiFindings() != null,
                "policy", run.rules() == null ? null : run.rules().piiScan().policy(),
                "allowed", run.rules() == null ? List.of() : run.rules().piiScan().allow(),
                "large_objects", run.rules() == null ? null
                        : run.rules().piiScan().excludeLargeObjects() ? "excluded" : "scanned",
                "unreviewed", run.results().unreviewedFindings(), "findings", findings, "samples", samples);
    }

    private Map<String, Object> target(SyncRun run) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("database", settings.target().toString());
        t.put("app", settings.app().isEmpty() ? null : settings.app());
        t.put("mode", run.target().mode() == null ? settings.targetMode().label() : run.target().mode().label());
        t.put("mode_reason", run.target().modeReason());
        t.put("state", run.targetState().name().toLowerCase());
        return t;
    }

    private static Map<String, Object> backup(SyncRun run) {
        RunBackup.Info b = run.backup().info();
        if (b == null) {
            return null;
        }
        Map<String, Object> backup = ordered("id", b.id(), "name", b.name(),
                "created_at", b.createdAt() == null ? null : b.createdAt().toString(), "size", b.size());
        backup.put("source", b.source());
        backup.put("source_host", run.backup().sourceHost());
        return backup;
    }

    private static Map<String, Object> archive(SyncRun run) {
        if (run.backup().archive() == null) {
            return null;
        }
        return ordered("format", run.backup().archive().archiveVersion(), "pg_dump_version", run.backup().archive().pgDumpVersion(),
                "server_version", run.backup().archive().serverVersion(), "database", run.backup().archive().databaseName(),
                "compression", run.backup().archive().compression(), "toc_entries", run.backup().archive().entries().size(),
                "pg_restore", run.backup().pgRestore() == null ? null : run.backup().pgRestore().toString(), "sha256", run.backup().sha256());
    }

    private static Map<String, Object> rules(SyncRun run) {
        if (run.rules() == null) {
            return null;
        }
        return ordered("file", run.rules().file().toString(), "sha256", run.rules().sha256(),
                "tables", run.rules().tables().size(), "excluded", run.rules().excludedTables().size());
    }

    private static List<Map<String, Object>> tables(SyncRun run) {
        SyncPlan plan = run.getPlan();
        if (plan == null) {
            // a MongoDB run has collections, not an archive's tables
            return run.documents() == null ? List.of() : DocumentReport.tables(run);
        }
        Map<String, TableResult> results = new TreeMap<>(run.results().tables());
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableLoad load : plan.loads().stream().sorted(Comparator.comparing(TableLoad::displayName)).toList()) {
            TableResult r = results.get(load.displayName());
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", load.displayName());
            t.put("rule", load.masked() ? load.rule().kind() : "none");
            t.put("rule_entry", load.masked() ? load.rule().entry() : null);
            t.put("label", load.masked() && !load.rule().label().isEmpty() ? load.rule().label() : null);
            t.put("rows", r == null ? null : r.rows());
            t.put("archive_rows", r == null ? null : r.archiveRows());
            t.put("archive_bytes", load.data().dataLength());
            t.put("archive_rows_estimate", run.rowEstimates().getOrDefault(load.displayName(), -1L));
            t.put("masked_columns", r != null ? r.maskedColumns()
                    : load.masked() ? List.copyOf(load.rule().columns().keySet()) : List.of());
            if (load.masked()) {
                t.put("leak_check", r == null ? null
                        : ordered("survivors", r.totalSurvivors(), "per_column", r.survivors(),
                                "kinds", r.leaks().byKind(), "constant", r.leaks().constants(),
                                "min_shared", r.leaks().minShared()));
                // the functions and tables outside pg_catalog that the operator's rule chose to run on raw rows
                t.put("runs_on_raw_rows", load.references().describe());
            }
            if (load.masked() && load.rule().isBuiltIn()) {
                t.put("skipped_columns", load.rule().skipped());
                t.put("verification", ordered("checked_columns", List.copyOf(load.rule().generated().keySet()),
                        "violations", r == null ? null : r.totalViolations(),
                        "per_column", r == null ? null : r.violations()));
            }
            t.put("duration_ms", r == null ? null : r.durationMs());
            out.add(t);
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
