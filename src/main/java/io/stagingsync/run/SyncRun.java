package io.stagingsync.run;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.AlreadyRunningException;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.secrets.Redactor;
import io.stagingsync.settings.AnonymizationRules;
import io.stagingsync.settings.Parallelism;
import io.stagingsync.settings.SourceSpec;
import io.stagingsync.source.mongodb.DocumentPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One run (exchange property {@code run}), thread-safe for the parallel table loads: its options and outcome, and
 * its state in groups, {@link #backup()}, {@link #target()}, {@link #results()} and {@link #control()}. Over 250
 * lines for its accessors only: the flat names the routes read, the outcome, and what the stages hand on (rules,
 * plan, work directory); the logic of each group lives in the group's class.
 */
public final class SyncRun {

    /** How the run ended. */
    public enum Status { RUNNING, SUCCESS, FAILED, REFUSED, CANCELLED }

    /** What a request to cancel the run found. */
    public enum Cancel { ACCEPTED, ALREADY_CANCELLING, TOO_LATE_PUBLISHING, ENDING }

    /** What the target holds after the run, for the report and the operator. */
    public enum TargetState { UNTOUCHED, ANONYMIZED, EMPTIED, UNKNOWN }

    private final String id;
    private final RunOptions options;
    private final Instant startedAt = Instant.now();
    private final RunBackup backup;
    private final SyncRun parent;
    private final List<SyncRun> targetRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RunTarget target;
    private final RunResults results = new RunResults();
    private final RunControl control = new RunControl();
    private final Progress progress = new Progress();
    private final List<StageTiming> stages = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant finishedAt;
    private volatile Status status = Status.RUNNING;
    private volatile String error;
    private volatile String failedStage;
    private volatile String currentStage;
    private volatile Throwable failureCause;
    private volatile String reportError;
    private volatile AnonymizationRules rules;
    private volatile SyncPlan plan;
    private volatile Map<String, Long> rowEstimates = Map.of();
    private volatile Parallelism parallelism;
    private volatile DocumentPlan documents;
    private volatile Path workDir;
    private volatile Map<String, String> libpqEnv = Map.of();

    public SyncRun(String id, RunOptions options, RunTarget target) {
        this(id, options, target, new RunBackup(), null);
    }

    private SyncRun(String id, RunOptions options, RunTarget target, RunBackup backup, SyncRun parent) {
        this.id = id;
        this.options = options;
        this.target = target;
        this.backup = backup;
        this.parent = parent;
    }

    /**
     * The part of this run that restores into one of the targets SYNC_TARGETS lists: the backup fetched and unpacked
     * once is shared, everything else (target, checks, tables, control, outcome) is its own.
     */
    public SyncRun forTarget(RunTarget other) {
        SyncRun child = new SyncRun(id + "-" + other.name(), new RunOptions(options.command(), options.dryRun(),
                options.source(), other.app()), other, backup, this);
        targetRuns.add(child);
        return child;
    }

    /** The runs of the targets SYNC_TARGETS lists, in its order; empty for the one target of DATABASE_URL. */
    public List<SyncRun> getTargetRuns() {
        return List.copyOf(targetRuns);
    }

    /** True when this run restores into several targets through its {@link #getTargetRuns() target runs}. */
    public boolean isSeveralTargets() {
        return !targetRuns.isEmpty();
    }

    /** The run this one restores a target for; null for a run of its own. */
    public SyncRun parent() {
        return parent;
    }

    /** A run with no target or source named (a run refused before it began, a test). */
    public SyncRun(String id, Command command) {
        this(id, RunOptions.of(command), new RunTarget(null, null));
    }

    /** A run refused before it began: the settings read at start, each problem a failed {@code settings} check. */
    public static SyncRun refusedAtStart(String id, Command command, RefusedException refused) {
        SyncRun run = new SyncRun(id, command);
        run.enterStage("preflight");
        refused.problems().forEach(p -> run.results.addCheck(new Check("settings", false, p)));
        run.failureCause(refused);
        run.fail(Status.REFUSED, refused.getMessage());
        return run;
    }

    public String getId() {
        return id;
    }

    public RunOptions options() {
        return options;
    }

    public Command getCommand() {
        return options.command();
    }

    /** What was fetched and unpacked. */
    public RunBackup backup() {
        return backup;
    }

    /** The target and what it holds. */
    public RunTarget target() {
        return target;
    }

    /** Checks, tables, verification, PII findings, notes. */
    public RunResults results() {
        return results;
    }

    /** Work in progress, abort, cancel and publish, what the run holds. */
    public RunControl control() {
        return control;
    }

    // flat names for the routes' Simple expressions

    /** True when the run stops after the plan (the plan and init commands, or DRY_RUN=true). */
    public boolean isPlanOnly() {
        return options.planOnly();
    }

    /** True for {@code init}: the plan is followed by a rules file drafted from its scan. */
    public boolean isInit() {
        return options.command() == Command.INIT;
    }

    /** True for {@code restore-test}: the run restores into a temporary database, checks it and never publishes. */
    public boolean isRestoreTest() {
        return options.command() == Command.RESTORE_TEST;
    }

    public boolean isCheckOnly() {
        return options.command() == Command.CHECK;
    }

    /** Whether the source is read document by document (MongoDB), with no archive: the pipeline takes its own stages. */
    public boolean isDocumentSource() {
        return options.documentSource();
    }

    /** The kind of source (SCALINGO, FILE, POSTGRES, MONGODB); null when none was named. */
    public SourceSpec.Kind getSourceKind() {
        return options.source() == null ? null : options.source().kind();
    }

    /** Whether a live source's rows stream straight into the load, without a dump file. */
    public boolean isLiveStream() {
        return backup.liveStream();
    }

    public boolean isSwap() {
        return target.isSwap();
    }

    public boolean isCopies() {
        return target.isCopies();
    }

    /** The data source bean the preflight asks this run's target through. */
    public String getTargetDataSource() {
        return target.getDataSourceName();
    }

    // outcome

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Status status() {
        return status;
    }

    /** What the target holds now: the outcome the report and the operator read first. */
    public TargetState targetState() {
        return target.state();
    }

    public void succeed() {
        status = Status.SUCCESS;
        finishedAt = Instant.now();
    }

    public void fail(Status outcome, String message) {
        status = outcome;
        error = Redactor.apply(message);
        // a cancelled run names the stage it was cancelled in, even if it failed on its way to the next
        String cancelledDuring = control.cancelledDuring();
        failedStage = outcome == Status.CANCELLED && cancelledDuring != null ? cancelledDuring : currentStage;
        finishedAt = Instant.now();
    }

    /**
     * 0 success, 1 failure (a successful sync whose report could not be written included), 2 refused; cancelled by
     * a signal: 128 + its number, as the JVM exits then (130 SIGINT, 143 SIGTERM); by an operator: 1.
     */
    public int exitCode() {
        String cancelledBy = control.cancelledBy();
        return switch (status) {
            case SUCCESS -> reportError == null ? 0 : 1;
            case REFUSED -> 2;
            case CANCELLED -> "SIGINT".equals(cancelledBy) ? 130 : "SIGTERM".equals(cancelledBy) ? 143 : 1;
            default -> 1;
        };
    }

    public String error() {
        return error;
    }

    public String failedStage() {
        return failedStage;
    }

    /** The stage running now, or the one that failed. */
    public String failedStageOrCurrent() {
        return failedStage != null ? failedStage : currentStage;
    }

    public void enterStage(String stage) {
        currentStage = stage;
        progress.stage(stage);
    }

    public void stageDone(String stage, long durationMs, boolean ok) {
        stages.add(new StageTiming(stage, durationMs, ok ? "ok" : "failed"));
    }

    public List<StageTiming> stages() {
        return List.copyOf(stages);
    }

    /** Live progress (bytes transferred, tables loaded) for whoever watches the run. */
    public Progress progress() {
        return progress;
    }

    /** What made the run fail or be refused (e.g. {@link AlreadyRunningException}); null while it has not. */
    public Throwable failureCause() {
        return failureCause;
    }

    public void failureCause(Throwable cause) {
        failureCause = cause;
    }

    public void reportFailed(String message) {
        reportError = message;
    }

    public String reportError() {
        return reportError;
    }

    // what the run works with

    public AnonymizationRules rules() {
        return rules;
    }

    public void rules(AnonymizationRules r) {
        rules = r;
    }

    public SyncPlan getPlan() {
        return plan;
    }

    public void plan(SyncPlan p) {
        plan = p;
        progress.loadPlanned(p.loads().size(), p.loads().stream().mapToLong(l -> l.data().dataLength()).sum(),
                rowEstimates.values().stream().mapToLong(r -> Math.max(0, r)).sum());
    }

    /** How many tables load at once and why, chosen by the plan; null before it. */
    public Parallelism parallelism() {
        return parallelism;
    }

    public void parallelism(Parallelism p) {
        parallelism = p;
    }

    /** Each table's rows as the plan estimated them from the archive (-1: unknown); empty before the plan. */
    public Map<String, Long> rowEstimates() {
        return rowEstimates;
    }

    public void rowEstimates(Map<String, Long> estimates) {
        rowEstimates = Map.copyOf(estimates);
    }

    /** A MongoDB run's collections and their rules; null for an archive's run. */
    public DocumentPlan documents() {
        return documents;
    }

    public void documents(DocumentPlan p) {
        documents = p;
        progress.loadPlanned(p.loads().size(), 0, 0);
    }

    /** A table is done: its result, and the progress it makes. */
    public void recordTable(TableResult result) {
        results.table(result);
        SyncPlan current = plan;
        long dataBytes = current == null ? 0 : current.loads().stream().filter(l -> l.displayName().equals(result.table()))
                .mapToLong(l -> l.data().dataLength()).findFirst().orElse(0);
        progress.tableDone(result.table(), result.rows(), dataBytes);
    }

    public Path workDir() {
        return workDir;
    }

    public void workDir(Path dir) {
        workDir = dir;
    }

    /** Connection variables for the PostgreSQL client tools (the password through a private PGPASSFILE). */
    public Map<String, String> libpqEnv() {
        return libpqEnv;
    }

    public void libpqEnv(Map<String, String> env) {
        libpqEnv = Map.copyOf(env);
    }

    // cancel

    /**
     * Cancels the run from outside ({@code by}: "operator", "SIGTERM", "SIGINT"): the work in progress is stopped,
     * no further stage starts, and the run rolls back as a failure would, then ends {@code cancelled}. Returns at
     * once; the pipeline's thread does the rollback. Refused once the publish has begun: it cannot be undone midway.
     */
    public Cancel cancel(String by) {
        Cancel refused = control.cancel(by, currentStage, status == Status.RUNNING);
        if (refused != null) {
            return refused;
        }
        control.stopWork();
        progress.publish();
        targetRuns.forEach(child -> child.cancel(by));
        return Cancel.ACCEPTED;
    }

    /** Who cancelled the run ("operator", "SIGTERM", "SIGINT", "shutdown"); null unless {@link #cancel} was accepted. */
    public String cancelledBy() {
        return control.cancelledBy();
    }

    /** What a cancelled run says: by whom, and during which stage. */
    public String cancelMessage() {
        return control.cancelMessage();
    }

    /** Releases what the run held (its lock), last; a failure to release is noted. */
    public void releaseHeld() {
        control.releaseHeld(results::note);
    }
}
