package io.stagingsync.report;

import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.piiscan.PiiSample;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.Check;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.StageTiming;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TargetCopy;
import io.stagingsync.run.TableResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** The human-readable report, the checklist of {@code check} and the plan of {@code plan}. */
public final class ReportText {

    private ReportText() {
    }

    public static String render(SyncRun run) {
        StringBuilder out = new StringBuilder();
        String title = run.isCheckOnly() ? "check" : run.isInit() ? "init" : run.isPlanOnly() ? "plan"
                : run.isRestoreTest() ? "restore-test" : "sync";
        out.append("staging-sync ").append(title).append(" ").append(run.getId()).append(": ")
                .append(run.status().name().toLowerCase()).append('\n');
        if (run.error() != null) {
            out.append("  error: ").append(run.error()).append('\n');
            if (run.failedStage() != null) {
                out.append("  failed stage: ").append(run.failedStage()).append('\n');
            }
        }
        if (run.isCheckOnly() || run.status() == SyncRun.Status.REFUSED) {
            for (Check c : run.results().checks()) {
                out.append("  ").append(c.skipped() ? "[skip] " : c.ok() ? "[ok]   " : "[FAIL] ").append(c.name()).append(": ")
                        .append(c.detail()).append('\n');
            }
        }
        if (run.target().database() != null && !run.isCheckOnly()) {
            out.append("  target: ").append(run.target().database()).append(" (")
                    .append(run.target().mode() == null ? run.target().requestedMode().label() : run.target().mode().label())
                    .append(run.target().modeReason() == null ? "" : ": " + run.target().modeReason()).append("), ")
                    .append(state(run)).append('\n');
            if (run.target().neonBranch() != null) {
                var neon = run.target().neonBranch();
                out.append("    ").append(neon.describe())
                        .append(neon.replaced() == null ? "" : ", made staging branch " + neon.replaced()
                                + " (its previous state kept as " + neon.preservedAs() + ")")
                        .append(neon.kept() ? ", kept for inspection" : "")
                        .append(neon.deleted().isEmpty() ? "" : ", deleted " + String.join(", ", neon.deleted()))
                        .append('\n');
            }
            if (run.target().copies() != null) {
                for (TargetCopy c : run.target().copies()) {
                    out.append("    copy ").append(c.name()).append(": ").append(c.state().label())
                            .append(", created ").append(c.createdAt() == null ? "(unknown)" : c.createdAt())
                            .append(c.sizeBytes() == null ? "" : ", " + (c.sizeBytes() >> 20) + " MiB").append('\n');
                }
            }
        }
        for (SyncRun target : run.getTargetRuns()) {
            out.append("  target ").append(target.target().name()).append(": ").append(target.target().database())
                    .append(", ").append(target.status().name().toLowerCase())
                    .append(target.failedStage() == null ? "" : " at " + target.failedStage())
                    .append(", ").append(state(target))
                    .append(target.error() == null ? "" : ": " + target.error()).append('\n');
        }
        if (run.backup().info() != null) {
            RunBackup.Info info = run.backup().info();
            out.append("  backup: ").append(info.name()).append(info.sizeKnown() ? ", " + info.size() + " bytes" : "")
                    .append(", created ").append(info.createdAt()).append('\n');
        }
        if (run.backup().archive() != null) {
            out.append("  dump: pg_dump ").append(run.backup().archive().pgDumpVersion()).append(", ")
                    .append(run.backup().archive().entries().size()).append(" entries; read with ")
                    .append(run.backup().pgRestore());
            if (run.backup().sha256() != null) {
                out.append("; sha256 ").append(run.backup().sha256());
            }
            out.append('\n');
        }
        if (run.rules() != null) {
            out.append("  rules: ").append(run.rules().file()).append(" (sha256 ").append(run.rules().sha256())
                    .append(")\n");
        }
        if (run.getPlan() != null && !run.isCheckOnly()) {
            if (run.parallelism() != null) {
                out.append("  parallelism: ").append(run.parallelism().jobs()).append(" (")
                        .append(run.parallelism().reason()).append(")\n");
            }
            appendTables(run, out);
        }
        if (run.results().piiFindings() != null) {
            out.append("  pii scan (policy ").append(run.rules().piiScan().policy()).append("): ")
                    .append(run.results().piiFindings().isEmpty() ? "no finding" : run.results().piiFindings().size() + " finding(s)")
                    .append('\n');
            for (PiiFinding f : run.results().piiFindings()) {
                out.append("    ").append(f.where()).append(": ").append(f.describe()).append('\n');
            }
            for (PiiSample s : run.results().piiSamples()) {
                out.append("    ").append(s.where()).append(" sample: ").append(s.table()).append(" ")
                        .append(s.rowsSampled()).append(" of ").append(s.rowsRead()).append(" rows\n");
            }
            if (run.rules().piiScan().excludeLargeObjects()) {
                out.append("    large objects: excluded, neither restored nor scanned\n");
            }
        }
        for (String note : run.results().notes()) {
            out.append("  note: ").append(note).append('\n');
        }
        if (!run.stages().isEmpty()) {
            out.append("  stages:");
            for (StageTiming s : run.stages()) {
                out.append(' ').append(s.name()).append('=').append(s.durationMs()).append("ms");
                if (!"ok".equals(s.status())) {
                    out.append("(").append(s.status()).append(")");
                }
            }
            out.append('\n');
        }
        if (run.reportError() != null) {
            out.append("  REPORT NOT WRITTEN: ").append(run.reportError()).append('\n');
        }
        Instant end = run.finishedAt() == null ? Instant.now() : run.finishedAt();
        out.append("  duration: ").append(Duration.between(run.startedAt(), end).toMillis()).append(" ms\n");
        return out.toString();
    }

    /** Under policy warn a run can succeed with findings: the summary never says "now anonymized" then. */
    private static String state(SyncRun run) {
        long count = run.results().unreviewedFindings();
        return run.targetState() == SyncRun.TargetState.ANONYMIZED && count > 0
                ? "anonymized except " + count + " unreviewed column(s)"
                : "now " + run.targetState().name().toLowerCase();
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private static void appendTables(SyncRun run, StringBuilder out) {
        SyncPlan plan = run.getPlan();
        out.append("  tables:\n");
        for (TableLoad load : plan.loads().stream().sorted(Comparator.comparing(TableLoad::displayName)).toList()) {
            TableResult r = run.results().tables().get(load.displayName());
            out.append("    ").append(load.displayName());
            if (r != null) {
                out.append(": ").append(r.rows()).append(" rows");
            } else if (run.isPlanOnly()) {
                long rows = run.rowEstimates().getOrDefault(load.displayName(), -1L);
                out.append(": ").append(rows < 0 ? "" : "about " + String.format(java.util.Locale.ROOT, "%,d", rows)
                        + " rows, ").append(kib(load.data().dataLength())).append(" KiB of data in the archive");
            } else {
                out.append(": not loaded");
            }
            if (load.masked()) {
                out.append(", masked ").append(r != null ? r.maskedColumns().toString()
                        : load.rule().isQuery() ? "(the columns its query changes)" : load.rule().columns().keySet().toString())
                        .append(" by ").append(load.rule().entry());
                if (!load.references().isEmpty()) {
                    out.append(", runs on raw rows: ").append(String.join(", ", load.references().describe()));
                }
                if (r != null) {
                    out.append(", leak check ").append(r.totalSurvivors() == 0 ? "passed (0 survivors"
                            : "FAILED (" + r.totalSurvivors() + " survivors: " + r.leaks().describe())
                            .append(r.leaks().constants().isEmpty() ? ""
                                    : "; constant: " + String.join(", ", r.leaks().constants())).append(")");
                }
                if (load.rule().isBuiltIn()) {
                    out.append(", generators ").append(r == null ? "not checked yet"
                            : r.totalViolations() == 0 ? "checked" : "FAILED (" + r.violations() + ")");
                    if (!load.rule().skipped().isEmpty()) {
                        out.append(", not in the table: ").append(load.rule().skipped());
                    }
                }
            } else if (r != null || run.isPlanOnly()) {
                out.append(", copied as is");
            }
            if (plan.extensionOwned(load.table())) {
                out.append(", ").append(plan.extensions().describe(load.table()))
                        .append(" (only the rows added beyond the extension's own)");
            }
            out.append('\n');
        }
        for (var excluded : plan.excluded()) {
            out.append("    ").append(excluded).append(": excluded (")
                    .append(plan.extensionOwned(excluded) ? plan.extensions().describe(excluded)
                            + "; the extension's own rows only" : "structure only").append(")\n");
        }
        for (var sequence : plan.extensions().sequences().stream().sorted(Comparator.comparing(Object::toString)).toList()) {
            out.append("    sequence ").append(sequence).append(": value restored, ")
                    .append(plan.extensions().describe(sequence)).append('\n');
        }
        if (!plan.extensions().extensions().isEmpty()) {
            out.append("  extensions created by the archive: ").append(String.join(", ", plan.extensions().extensions()))
                    .append('\n');
        }
        if (!run.isPlanOnly() && run.status() == SyncRun.Status.SUCCESS) {
            out.append("  verification: ").append(run.results().verificationPassed() ? "passed" : "FAILED").append('\n');
        }
    }
}
