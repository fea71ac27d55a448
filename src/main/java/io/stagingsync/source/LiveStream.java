package io.stagingsync.source;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.SyncSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live source without a dump file (SYNC_LIVE_SOURCE_MODE=stream): one snapshot exported, the schema (with sequence
 * values and large objects, but no table's rows) dumped in it, then each table's rows copied from it while loading.
 */
public final class LiveStream {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);

    private final SyncSettings settings;
    private final LiveSource liveSource;

    public LiveStream(SyncSettings settings, LiveSource liveSource) {
        this.settings = settings;
        this.liveSource = liveSource;
    }

    /** Exports the snapshot (held until the run ends) and dumps the schema in it to the work directory. */
    public void fetch(SyncRun run) {
        long start = System.nanoTime();
        SourceSnapshot snapshot = SourceSnapshot.open(settings.liveSource(), settings.lockTimeout());
        run.control().hold(snapshot);
        List<String> options = new ArrayList<>(List.of("--snapshot=" + snapshot.id()));
        options.addAll(snapshot.excludedData());
        Path schema = run.workDir().resolve("schema.pgsql");
        long size = liveSource.dump(run, "pg_dump (schema)", options, schema);
        run.backup().streamed(snapshot);
        LOG.info("schema of {} dumped in its snapshot: {} bytes in {} ms; the rows of {} tables stream from it",
                settings.liveSource(), size, (System.nanoTime() - start) / 1_000_000, snapshot.excludedData().size());
    }

    /** Gives the archive a data entry for each streamed table, so that the plan loads it like an archive's. */
    public void addTableData(SyncRun run) {
        if (!(run.backup().streamed() instanceof SourceSnapshot snapshot)) {
            throw new SyncFailure("the live source's snapshot is not open: its rows cannot be streamed");
        }
        run.backup().archive(run.backup().archive().with(snapshot.dataEntries(run.backup().archive().entries())));
    }

    /** Every table is read: the snapshot is let go so that the source's vacuum is held up no longer. */
    public void release(SyncRun run) {
        if (run.backup().streamed() instanceof SourceSnapshot snapshot) {
            snapshot.close();
        }
    }
}
