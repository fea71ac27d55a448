package io.stagingsync.run;

import com.zaxxer.hikari.HikariDataSource;
import io.stagingsync.archive.DumpArchive;
import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.piiscan.PiiSample;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.restore.PgTools;
import io.stagingsync.secrets.Redactor;
import io.stagingsync.settings.AnonymizationRules;
import io.stagingsync.source.mongodb.DocumentPlan;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.SwapSettings;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.settings.TargetMode;
import io.stagingsync.verify.CatalogBaseline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/** The state of one run (exchange property {@code run}), thread-safe for the parallel table loads. */
public final class SyncRun {

    /** How the run ended. */
    public enum Status { RUNNING, SUCCESS, FAILED, REFUSED, CANCELLED }

    /** What a request to cancel the run found. */
    public enum Cancel { ACCEPTED, ALREADY_CANCELLING, TOO_LATE_PUBLISHING, ENDING }

    /** What the target holds after the run, for the report and the operator. */
    public enum TargetState { UNTOUCHED, ANONYMIZED, EMPTIED, UNKNOWN }

    private final String id;
    private final Command command;
    private final Instant startedAt = Instant.now();
    private volatile Instant finishedAt;
    private volatile Status status = Status.RUNNING;
    private volatile String error;
    private volatile String failedStage;
    private volatile String currentStage;
    private volatile TargetState targetState = TargetState.UNTOUCHED;
    private volatile boolean targetTouched;

    private volatile SyncSettings settings;
    private volatile AnonymizationRules rules;
    private volatile HikariDataSource targetPool;
    private volatile Path workDir;
    private volatile Map<String, String> libpqEnv = Map.of();
    private volatile BackupInfo backup;
    private volatile String sourceAddonId;
    private volatile String sourceHost;
    private volatile Path dump;
    private volatile DumpArchive archive;
    private volatile PgTools.Tool pgRestore;
    private volatile PgTools.Tool pgDump;
    private volatile SyncPlan plan;
    private volatile Map<String, Long> rowEstimates = Map.of();
    private volatile boolean verificationPassed;
    private volatile MaskingSettings masking;
    private volatile List<PiiFinding> piiFindings;
    private volatile List<PiiSample> piiSamples = List.of();
    private volatile String dumpSha256;
    private volatile CatalogBaseline catalogBaseline;
    private volatile DocumentPlan documents;

    private final List<Check> checks = Collections.synchronizedList(new ArrayList<>());
    private final List<StageTiming> stages = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, TableResult> tables = new ConcurrentHashMap<>();
    private final List<String> verificationProblems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final Map<Object, Runnable> activeWork = new ConcurrentHashMap<>();
    private volatile boolean aborted;
    private volatile String reportError;
    private final Progress progress = new Progress();
    private volatile TargetMode targetMode;
    private volatile String targetModeReason;
    private volatile String workDatabase;
    private volatile Throwable failureCause;
    private volatile SwapSettings swapSettings;
    private volatile String cancelledBy;
    private volatile String cancelledDuring;
    private boolean publishing;
    private final Deque<AutoCloseable> held = new ConcurrentLinkedDeque<>();

    /** Work registered with {@link #startWork}; closing it says the work has ended. */
    public interface Work extends AutoCloseable {
        @Override
        void close();
    }

    /** The backup the run restores, as the report describes it. */
    public record BackupInfo(String id, String name, Instant createdAt, long size, String source) {
    }

    public SyncRun(String id, Command command) {
        this.id = id;
        this.command = command;
    }

    /** A run refused before it began: the settings read at start, each problem a failed {@code settings} check. */
    public static SyncRun refusedAtStart(String id, Command command, RefusedException refused) {
        SyncRun run = new SyncRun(id, command);
        run.enterStage("preflight");
        refused.problems().forEach(p -> run.addCheck(new Check("settings", false, p)));
        run.failureCause(refused);
        run.fail(Status.REFUSED, refused.getMessage());
        return run;
    }

    public String getId() {
        return id;
    }

    public Command getCommand() {
        return command;
    }

    /** True when the run stops after the plan (the plan and init commands, or DRY_RUN=true). */
    public boolean isPlanOnly() {
        return command == Command.PLAN || command == Command.INIT || (settings != null && settings.dryRun());
    }

    /** True for {@code init}: the plan is followed by a rules file drafted from its scan. */
    public boolean isInit() {
        return command == Command.INIT;
    }

    public boolean isCheckOnly() {
        return command == Command.CHECK;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Status status() {
        return status;
    }

    public void succeed() {
        status = Status.SUCCESS;
        finishedAt = Instant.now();
    }

    public void fail(Status outcome, String message) {
        status = outcome;
        error = Redactor.apply(message);
        // a cancelled run names the stage it was cancelled in, even if it failed on its way to the next
        failedStage = outcome == Status.CANCELLED && cancelledDuring != null ? cancelledDuring : currentStage;
        finishedAt = Instant.now();
    }

    /**
     * 0 success, 1 failure (a successful sync whose report could not be written included), 2 refused; cancelled by
     * a signal: 128 + its number, as the JVM exits then (130 SIGINT, 143 SIGTERM); by an operator: 1.
     */
    public int exitCode() {
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

    public void enterStage(String stage) {
        currentStage = stage;
        progress.stage(stage);
    }

    /** Live progress (bytes transferred, tables loaded) for whoever watches the run. */
    public Progress progress() {
        return progress;
    }

    public void stageDone(String stage, long durationMs, boolean ok) {
        stages.add(new StageTiming(stage, durationMs, ok ? "ok" : "failed"));
    }

    public List<StageTiming> stages() {
        return List.copyOf(stages);
    }

    public TargetState targetState() {
        return targetState;
    }

    public void targetState(TargetState state) {
        targetState = state;
    }

    public boolean targetTouched() {
        return targetTouched;
    }

    public void markTargetTouched() {
        targetTouched = true;
        targetState = TargetState.UNKNOWN;
    }

    public SyncSettings settings() {
        return settings;
    }

    public void settings(SyncSettings s) {
        settings = s;
    }

    public AnonymizationRules rules() {
        return rules;
    }

    public void rules(AnonymizationRules r) {
        rules = r;
    }

    /** The SHA-256 of the restored dump, hex; null until unpacked. */
    public String dumpSha256() {
        return dumpSha256;
    }

    public void dumpSha256(String sha256) {
        dumpSha256 = sha256;
    }

    /** What the target held before the run wrote it (and what the run's own SQL added); null until recorded. */
    public CatalogBaseline catalogBaseline() {
        return catalogBaseline;
    }

    public void catalogBaseline(CatalogBaseline baseline) {
        catalogBaseline = baseline;
    }

    /** The PII scans' findings (archive, then final database); null when no scan ran. */
    public List<PiiFinding> piiFindings() {
        return piiFindings;
    }

    /** Forgets the findings so far: {@code init} scans again with the rules it wrote. */
    public synchronized void clearPiiFindings() {
        piiFindings = null;
        piiSamples = List.of();
    }

    /** How much of each table the PII scans judged by its values. */
    public List<PiiSample> piiSamples() {
        return piiSamples;
    }

    public synchronized void addPiiSamples(List<PiiSample> samples) {
        List<PiiSample> all = new ArrayList<>(piiSamples);
        all.addAll(samples);
        piiSamples = List.copyOf(all);
    }

    /** Columns and objects the scans found and nobody reviewed, each counted once (archive and target alike). */
    public long unreviewedFindings() {
        List<PiiFinding> findings = piiFindings;
        return findings == null ? 0 : findings.stream().map(f -> f.table() + "." + f.column()).distinct().count();
    }

    public synchronized void addPiiFindings(List<PiiFinding> findings) {
        List<PiiFinding> all = new ArrayList<>(piiFindings == null ? List.of() : piiFindings);
        all.addAll(findings);
        piiFindings = List.copyOf(all);
    }

    /** The built-in strategies' salt and fake values; null until the preflight read them. */
    public MaskingSettings masking() {
        return masking;
    }

    public void masking(MaskingSettings m) {
        masking = m;
    }

    public HikariDataSource targetPool() {
        return targetPool;
    }

    public void targetPool(HikariDataSource pool) {
        targetPool = pool;
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

    public BackupInfo backup() {
        return backup;
    }

    public void backup(BackupInfo b) {
        backup = b;
    }

    /** The source's Scalingo PostgreSQL addon, once found. */
    public String sourceAddonId() {
        return sourceAddonId;
    }

    public void sourceAddonId(String id) {
        sourceAddonId = id;
    }

    /** The source database's host name (Scalingo or live source), which the target must never be. */
    public String sourceHost() {
        return sourceHost;
    }

    public void sourceHost(String host) {
        sourceHost = host;
    }

    public Path dump() {
        return dump;
    }

    public void dump(Path d) {
        dump = d;
    }

    public DumpArchive archive() {
        return archive;
    }

    public void archive(DumpArchive a) {
        archive = a;
    }

    public PgTools.Tool pgRestore() {
        return pgRestore;
    }

    public void pgRestore(PgTools.Tool tool) {
        pgRestore = tool;
    }

    /** The pg_dump that reads a live source. */
    public PgTools.Tool pgDump() {
        return pgDump;
    }

    public void pgDump(PgTools.Tool tool) {
        pgDump = tool;
    }

    public SyncPlan getPlan() {
        return plan;
    }

    public void plan(SyncPlan p) {
        plan = p;
        progress.loadPlanned(p.loads().size(), p.loads().stream().mapToLong(l -> l.data().dataLength()).sum(),
                rowEstimates.values().stream().mapToLong(r -> Math.max(0, r)).sum());
    }

    /** Each table's rows as the plan estimated them from the archive (-1: unknown); empty before the plan. */
    public Map<String, Long> rowEstimates() {
        return rowEstimates;
    }

    public void rowEstimates(Map<String, Long> estimates) {
        rowEstimates = Map.copyOf(estimates);
    }

    /** Whether the source is read document by document (MongoDB), with no archive: the pipeline takes its own stages. */
    public boolean isDocumentSource() {
        SyncSettings s = settings;
        return s != null && s.source() != null && s.source().isDocuments();
    }

    /** A MongoDB run's collections and their rules; null for an archive's run. */
    public DocumentPlan documents() {
        return documents;
    }

    public void documents(DocumentPlan plan) {
        documents = plan;
        progress.loadPlanned(plan.loads().size(), 0, 0);
    }

    public void addCheck(Check check) {
        checks.add(new Check(check.name(), check.ok(), Redactor.apply(check.detail()), check.skipped()));
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    public void recordTable(TableResult result) {
        tables.put(result.table(), result);
        SyncPlan current = plan;
        long dataBytes = current == null ? 0 : current.loads().stream().filter(l -> l.displayName().equals(result.table()))
                .mapToLong(l -> l.data().dataLength()).findFirst().orElse(0);
        progress.tableDone(result.table(), result.rows(), dataBytes);
    }

    public Map<String, TableResult> tables() {
        return Map.copyOf(tables);
    }

    public void verification(boolean passed, List<String> problems) {
        verificationPassed = passed;
        verificationProblems.clear();
        verificationProblems.addAll(problems);
    }

    public boolean verificationPassed() {
        return verificationPassed;
    }

    public List<String> verificationProblems() {
        return List.copyOf(verificationProblems);
    }

    /**
     * Registers work running on another thread (a table load) with the way to stop it; close the returned handle
     * when the work ends. Refused once the run is aborted.
     */
    public Work startWork(Runnable cancel) {
        Object key = new Object();
        activeWork.put(key, cancel);
        // registered before the check: an abort in between either sees this work or is seen here
        if (aborted) {
            activeWork.remove(key);
            throw new SyncFailure(abortMessage());
        }
        return () -> activeWork.remove(key);
    }

    public boolean isAborted() {
        return aborted;
    }

    /** Stops the work still running after a failure and waits (bounded) for it to end, before the rollback. */
    public void abortActiveWork(Duration patience) throws InterruptedException {
        aborted = true;
        activeWork.values().forEach(Runnable::run);
        long deadline = System.nanoTime() + patience.toNanos();
        while (!activeWork.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    public void reportFailed(String message) {
        reportError = message;
    }

    public String reportError() {
        return reportError;
    }

    public void note(String note) {
        notes.add(Redactor.apply(note));
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The mode this run uses (swap or in-place, never auto); null before the preflight reached the target. */
    public TargetMode targetMode() {
        return targetMode;
    }

    /** Why the preflight chose {@link #targetMode()}, for the report. */
    public String targetModeReason() {
        return targetModeReason;
    }

    public void targetMode(TargetMode mode, String reason) {
        targetMode = mode;
        targetModeReason = reason;
    }

    public boolean isSwap() {
        return targetMode == TargetMode.SWAP;
    }

    /** The database the stages write to: the target itself in place, its {@code _next} copy in swap mode. */
    public String workDatabase() {
        return workDatabase != null ? workDatabase : settings.target().database();
    }

    public void workDatabase(String database) {
        workDatabase = database;
    }

    /** What made the run fail or be refused (e.g. {@link AlreadyRunningException}); null while it has not. */
    public Throwable failureCause() {
        return failureCause;
    }

    public void failureCause(Throwable cause) {
        failureCause = cause;
    }

    /** The swap mode's settings (maintenance database, retention); null before the preflight read them. */
    public SwapSettings swapSettings() {
        return swapSettings;
    }

    public void swapSettings(SwapSettings s) {
        swapSettings = s;
    }

    /** Keeps a resource (the run's lock) until the run is finished; released last, newest first. */
    public void hold(AutoCloseable resource) {
        held.push(resource);
    }

    /** Releases what {@link #hold} kept; a resource that fails to close does not keep the others. */
    public void releaseHeld() {
        for (AutoCloseable r = held.poll(); r != null; r = held.poll()) {
            try {
                r.close();
            } catch (Exception e) {
                notes.add("releasing " + r + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * Cancels the run from outside ({@code by}: "operator", "SIGTERM", "SIGINT"): the work in progress is stopped,
     * no further stage starts, and the run rolls back as a failure would, then ends {@code cancelled}. Returns at
     * once; the pipeline's thread does the rollback. Refused once the publish has begun: it cannot be undone midway.
     */
    public Cancel cancel(String by) {
        synchronized (this) {
            if (publishing) {
                return Cancel.TOO_LATE_PUBLISHING;
            }
            if (cancelledBy != null) {
                return Cancel.ALREADY_CANCELLING;
            }
            if (status != Status.RUNNING || aborted) {
                return Cancel.ENDING;
            }
            cancelledBy = by;
            cancelledDuring = currentStage;
            aborted = true;
        }
        activeWork.values().forEach(Runnable::run);
        progress.publish();
        return Cancel.ACCEPTED;
    }

    /** The publish begins: from now on the run is never cancelled, it ends as the swap does. */
    public void beginPublish() {
        synchronized (this) {
            if (!aborted) {
                publishing = true;
                return;
            }
        }
        throw new SyncFailure(abortMessage());
    }

    /** The stage running now, or the one that failed. */
    public String failedStageOrCurrent() {
        return failedStage != null ? failedStage : currentStage;
    }

    /** Who cancelled the run ("operator", "SIGTERM", "SIGINT", "shutdown"); null unless {@link #cancel} was accepted. */
    public String cancelledBy() {
        return cancelledBy;
    }

    /** What a cancelled run says: by whom, and during which stage. */
    public String cancelMessage() {
        String who = switch (cancelledBy) {
            case "operator" -> "an operator";
            case "shutdown" -> "the process being stopped";
            default -> cancelledBy;
        };
        return "cancelled by " + who + (cancelledDuring == null ? "" : " during stage " + cancelledDuring);
    }

    /** Fails when the run was stopped or aborted: called before a step that cannot be cancelled once begun. */
    public void ensureRunning() {
        if (aborted) {
            throw new SyncFailure(abortMessage());
        }
    }

    private String abortMessage() {
        return cancelledBy != null ? cancelMessage() : "the sync was cancelled: it failed elsewhere";
    }
}
