package io.stagingsync.run;

import com.zaxxer.hikari.HikariDataSource;
import io.stagingsync.settings.TargetDatabase;
import io.stagingsync.settings.TargetMode;
import io.stagingsync.settings.TargetSpec;
import java.nio.file.Path;
import io.stagingsync.verify.CatalogBaseline;
import java.util.List;

/**
 * The target of a run: which database, how it is replaced, its connection pool, and what it holds, changed only
 * through the transitions below (touched by a write, anonymized by the publish, emptied or restored by a rollback).
 */
public final class RunTarget {

    private volatile TargetDatabase database;
    private final TargetMode requestedMode;
    private final boolean neon;
    private volatile NeonBranch neonBranch;
    private final TargetSpec spec;
    private volatile SyncRun.TargetState state = SyncRun.TargetState.UNTOUCHED;
    private volatile boolean touched;
    private volatile TargetMode mode;
    private volatile String modeReason;
    private volatile String workDatabase;
    private volatile HikariDataSource pool;
    private volatile CatalogBaseline catalogBaseline;
    private volatile List<TargetCopy> copies;

    /** @param database null for a run refused before it began */
    public RunTarget(TargetDatabase database, TargetMode requestedMode) {
        this(database, requestedMode, false);
    }

    /** @param neon true for SYNC_TARGET=neon: {@code database} stays null until the run's branch is created */
    public RunTarget(TargetDatabase database, TargetMode requestedMode, boolean neon) {
        this.database = database;
        this.requestedMode = requestedMode;
        this.spec = null;
        this.neon = neon;
    }

    /** One of the targets SYNC_TARGETS lists, with its own name, rules and hooks. */
    public RunTarget(TargetSpec spec) {
        this.database = spec.database();
        this.requestedMode = spec.mode();
        this.spec = spec;
        this.neon = false;
    }

    /** The target's name in SYNC_TARGETS; null for the one target of DATABASE_URL. */
    public String name() {
        return spec == null ? null : spec.name();
    }

    /** The app name the production guards judge for a target of SYNC_TARGETS; empty when unset. */
    public String app() {
        return spec == null || spec.app() == null ? "" : spec.app();
    }

    /** Its own rules file, else null (the run's SYNC_ANONYMIZATION_FILE). */
    public Path rulesFile() {
        return spec == null ? null : spec.rulesFile();
    }

    /** Its own hook files, else null (the run's SYNC_HOOKS). */
    public List<Path> hooks() {
        return spec == null ? null : spec.hooks();
    }

    /** The bean of the unpooled data source the preflight's role check reads this target through. */
    public String getDataSourceName() {
        return neonBranch != null ? dataSourceName(neonBranch.name()) : dataSourceName(name());
    }

    /** {@code targetDataSource} for DATABASE_URL, {@code targetDataSource-<name>} for a target of SYNC_TARGETS. */
    public static String dataSourceName(String targetName) {
        return targetName == null ? "targetDataSource" : "targetDataSource-" + targetName;
    }

    /** The target database (DATABASE_URL, or the run's Neon branch once created), never with its password. */
    public TargetDatabase database() {
        return database;
    }

    /** SYNC_TARGET=neon: each run restores into a branch of its own. */
    public boolean isNeon() {
        return neon;
    }

    /** The run's Neon branch as far as it exists; null before it was named, and for any other target. */
    public NeonBranch neonBranch() {
        return neonBranch;
    }

    public void neonBranch(NeonBranch branch) {
        neonBranch = branch;
    }

    /** The run's Neon branch is ready: the stages connect to it from here on. */
    public void neonDatabase(TargetDatabase branchDatabase) {
        database = branchDatabase;
    }

    public SyncRun.TargetState state() {
        return state;
    }

    /** True once the run wrote to it: a failure must roll back. */
    public boolean touched() {
        return touched;
    }

    /** A write begins: until the run ends well or rolls back, nobody can tell what the target holds. */
    public void touch() {
        touched = true;
        state = SyncRun.TargetState.UNKNOWN;
    }

    /** The publish is done: the target holds the verified, anonymized copy. */
    public void anonymized() {
        state = SyncRun.TargetState.ANONYMIZED;
    }

    /** A rollback dropped what the run wrote: no copied data is left. */
    public void emptied() {
        state = SyncRun.TargetState.EMPTIED;
    }

    /** A rollback failed: the target may hold a partial copy. */
    public void unknown() {
        state = SyncRun.TargetState.UNKNOWN;
    }

    /** A rollback left the target as it was before the run (swap mode: only the copy was written). */
    public void untouched() {
        state = SyncRun.TargetState.UNTOUCHED;
    }

    /** The mode this run uses (swap, copies or in-place, never auto); null before the preflight reached the target. */
    public TargetMode mode() {
        return mode;
    }

    /** The mode asked for (SYNC_TARGET_MODE), auto included. */
    public TargetMode requestedMode() {
        return requestedMode;
    }

    /** Why the preflight chose {@link #mode()}, for the report. */
    public String modeReason() {
        return modeReason;
    }

    public void mode(TargetMode chosen, String reason) {
        mode = chosen;
        modeReason = reason;
    }

    public boolean isSwap() {
        return mode == TargetMode.SWAP;
    }

    public boolean isCopies() {
        return mode == TargetMode.COPIES;
    }

    /** Swap or copies: the run writes a database of its own, never the live one, and works from the maintenance database. */
    public boolean ownDatabase() {
        return mode != null && mode.ownDatabase();
    }

    /** Copies mode: the target's copies as the publish or the rollback left them; null in the other modes. */
    public List<TargetCopy> copies() {
        return copies;
    }

    public void copies(List<TargetCopy> listed) {
        copies = List.copyOf(listed);
    }

    /** The database the stages write to: the target itself in place, its {@code _next} copy in swap mode, its new copy in copies mode. */
    public String workDatabase() {
        return workDatabase != null ? workDatabase : database.database();
    }

    public void workDatabase(String name) {
        workDatabase = name;
    }

    public HikariDataSource pool() {
        return pool;
    }

    public void pool(HikariDataSource p) {
        pool = p;
    }

    /** What the target held before the run wrote it (and what the run's own SQL added); null until recorded. */
    public CatalogBaseline catalogBaseline() {
        return catalogBaseline;
    }

    public void catalogBaseline(CatalogBaseline baseline) {
        catalogBaseline = baseline;
    }
}
