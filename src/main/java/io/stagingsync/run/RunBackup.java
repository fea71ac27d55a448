package io.stagingsync.run;

import io.stagingsync.archive.DumpArchive;
import io.stagingsync.restore.PgTools;
import java.nio.file.Path;
import java.time.Instant;

/** What the run fetched and unpacked: the backup, where it came from, its dump and archive, the tools that read it. */
public final class RunBackup {

    /**
     * The backup the run restores, as the report describes it.
     *
     * @param size in bytes; {@link #UNKNOWN_SIZE} for a source that has none (a MongoDB database's documents)
     */
    public record Info(String id, String name, Instant createdAt, long size, String source) {
        public static final long UNKNOWN_SIZE = -1;

        public boolean sizeKnown() {
            return size != UNKNOWN_SIZE;
        }
    }

    private volatile Info info;
    private volatile String sourceAddonId;
    private volatile String sourceHost;
    private volatile Path dump;
    private volatile DumpArchive archive;
    private volatile String sha256;
    private volatile PgTools.Tool pgRestore;
    private volatile PgTools.Tool pgDump;
    private volatile boolean liveStream;
    private volatile StreamedSource streamed;

    /** The backup as found; null until the source described it. */
    public Info info() {
        return info;
    }

    public void info(Info backup) {
        info = backup;
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

    /** The unpacked dump; null until unpacked. */
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

    /** The SHA-256 of the restored dump, hex; null until unpacked. */
    public String sha256() {
        return sha256;
    }

    public void sha256(String hex) {
        sha256 = hex;
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

    /** Whether a live source's rows are streamed (SYNC_LIVE_SOURCE_MODE=stream), as the preflight decided. */
    public boolean liveStream() {
        return liveStream;
    }

    public void liveStream(boolean streams) {
        liveStream = streams;
    }

    /** The live source in its snapshot, while its rows are read; null otherwise. */
    public StreamedSource streamed() {
        return streamed;
    }

    public void streamed(StreamedSource source) {
        streamed = source;
    }
}
