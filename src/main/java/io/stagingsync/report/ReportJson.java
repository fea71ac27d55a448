package io.stagingsync.report;

import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.piiscan.PiiSample;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.RunResults;
import io.stagingsync.run.NeonBranch;
import io.stagingsync.run.RunTarget;
import io.stagingsync.run.StageTiming;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.run.TargetCopy;
import io.stagingsync.source.mongodb.DocumentReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * report.json's content, one section per group of the run (outcome, target, backup, rules, tables, results): a
 * new field of a group is reported by that group's section alone.
 */
public final class ReportJson {

    private ReportJson() {
    }

    static Map<String, Object> of(SyncRun run) {
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
        // several targets: each has its section in "targets", the run's own has none
        m.put("target", run.isSeveralTargets() ? null : target(run.target(), run.options().app()));
        m.put("source", run.options().source() == null ? null : run.options().source().describe());
        m.put("backup", backup(run.backup()));
        m.put("archive", archive(run.backup()));
        m.put("rules", rules(run));
        m.put("stages", stages(run));
        m.put("parallelism", run.parallelism() == null ? null
                : ordered("jobs", run.parallelism().jobs(), "reason", run.parallelism().reason()));
        m.put("tables", tables(run));
        m.put("excluded_tables", run.getPlan() == null ? List.of()
                : run.getPlan().excluded().stream().map(Object::toString).toList());
        m.put("extensions", extensions(run.getPlan()));
        m.put("verification", ordered("passed", run.results().verificationPassed(),
                "problems", run.results().verificationProblems()));
        m.put("pii_scan", piiScan(run, run.results()));
        m.put("notes", run.results().notes());
        if (run.isSeveralTargets()) {
            m.put("targets", run.getTargetRuns().stream().map(ReportJson::targetRun).toList());
        }
        if (run.reportError() != null) {
            m.put("report_error", run.reportError());
        }
        return m;
    }

    /** One target of SYNC_TARGETS: its outcome, where it is, its stages, checks and tables. */
    private static Map<String, Object> targetRun(SyncRun run) {
        Map<String, Object> m = ordered("name", run.target().name(), "status", run.status().name().toLowerCase(),
                "error", run.error(), "failed_stage", run.failedStage(),
                "target", target(run.target(), run.options().app()));
        m.put("stages", stages(run));
        m.put("checks", run.results().checks().stream()
                .map(c -> ordered("name", c.name(), "ok", c.ok(), "detail", c.detail())).toList());
        m.put("rules", rules(run));
        m.put("tables", tables(run));
        m.put("verification", ordered("passed", run.results().verificationPassed(),
                "problems", run.results().verificationProblems()));
        m.put("pii_scan", piiScan(run, run.results()));
        m.put("notes", run.results().notes());
        return m;
    }

    private static List<Map<String, Object>> stages(SyncRun run) {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageTiming s : run.stages()) {
            stages.add(ordered("name", s.name(), "duration_ms", s.durationMs(), "status", s.status()));
        }
        return stages;
    }

    private static Map<String, Object> piiScan(SyncRun run, RunResults results) {
        List<Map<String, Object>> findings = new ArrayList<>();
        if (results.piiFindings() != null) {
            for (PiiFinding f : results.piiFindings()) {
                findings.add(ordered("where", f.where(), "table", f.table(), "column", f.column(), "reason", f.reason(),
                        "kind", f.kind(), "confidence", f.confidence()));
            }
        }
        List<Map<String, Object>> samples = new ArrayList<>();
        for (PiiSample s : results.piiSamples()) {
            samples.add(ordered("where", s.where(), "table", s.table(), "rows_sampled", s.rowsSampled(),
                    "rows_read", s.rowsRead()));
        }
        return ordered("performed", results.piiFindings() != null,
                "policy", run.rules() == null ? null : run.rules().piiScan().policy(),
                "allowed", run.rules() == null ? List.of() : run.rules().piiScan().allow(),
                "large_objects", run.rules() == null ? null
                        : run.rules().piiScan().excludeLargeObjects() ? "excluded" : "scanned",
                "unreviewed", results.unreviewedFindings(), "findings", findings, "samples", samples);
    }

    private static Map<String, Object> target(RunTarget target, String app) {
        Map<String, Object> m = ordered("database", target.database() == null ? null : target.database().toString(),
                "app", app.isEmpty() ? null : app,
                "mode", target.mode() != null ? target.mode().label()
                        : target.requestedMode() == null ? null : target.requestedMode().label(),
                "mode_reason", target.modeReason(),
                "state", target.state().name().toLowerCase());
        if (target.copies() != null) {
            m.put("copies", copies(target.copies()));
        }
        NeonBranch neon = target.neonBranch();
        if (neon != null) {
            m.put("neon", ordered("branch", neon.name(), "branch_id", neon.id(), "host", neon.host(),
                    "staging_branch", neon.replaced(), "previous_staging_kept_as", neon.preservedAs(),
                    "kept_for_inspection", neon.kept(), "deleted_branches", neon.deleted()));
        }
        return m;
    }

    /** Copies mode: one entry per copy, newest first, as report.json and GET /api/copies show them. */
    public static List<Map<String, Object>> copies(List<TargetCopy> listed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TargetCopy c : listed) {
            out.add(ordered("name", c.name(), "created_at", c.createdAt() == null ? null : c.createdAt().toString(),
                    "size_bytes", c.sizeBytes(), "live", c.live(), "state", c.state().label()));
        }
        return out;
    }

    private static Map<String, Object> backup(RunBackup backup) {
        RunBackup.Info b = backup.info();
        if (b == null) {
            return null;
        }
        return ordered("id", b.id(), "name", b.name(), "created_at", b.createdAt() == null ? null : b.createdAt().toString(),
                "size", b.sizeKnown() ? b.size() : null, "source", b.source(), "source_host", backup.sourceHost());
    }

    private static Map<String, Object> archive(RunBackup backup) {
        var archive = backup.archive();
        if (archive == null) {
            return null;
        }
        return ordered("format", archive.archiveVersion(), "pg_dump_version", archive.pgDumpVersion(),
                "server_version", archive.serverVersion(), "database", archive.databaseName(),
                "compression", archive.compression(), "toc_entries", archive.entries().size(),
                "pg_restore", backup.pgRestore() == null ? null : backup.pgRestore().toString(), "sha256", backup.sha256());
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
            // only the rows added beyond the extension's own are the archive's, and counted
            t.put("extension", plan.extensionOwned(load.table()) ? plan.extensions().owner(load.table()) : null);
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

    /** The extensions the archive creates, and the tables and sequences each of them owns. */
    private static Map<String, Object> extensions(SyncPlan plan) {
        if (plan == null) {
            return ordered("created", List.of(), "tables", Map.of(), "sequences", Map.of());
        }
        Map<String, Object> tables = new TreeMap<>();
        plan.extensions().tables().forEach(t -> tables.put(t.toString(), plan.extensions().owner(t)));
        Map<String, Object> sequences = new TreeMap<>();
        plan.extensions().sequences().forEach(t -> sequences.put(t.toString(), plan.extensions().owner(t)));
        return ordered("created", plan.extensions().extensions(), "tables", tables, "sequences", sequences);
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
