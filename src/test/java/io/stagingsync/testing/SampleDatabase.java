package io.stagingsync.testing;

import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo application database (demo/sample-app.sql) loaded once per test JVM, dumped with the real pg_dump -Fc
 * and wrapped like a Scalingo backup. Tests read the source database to compare what the target received.
 */
public final class SampleDatabase {

    private static SampleDatabase instance;

    private final String sourceDb;
    private final Path dump;
    private final Path archive;
    private String syncedTemplate;

    private SampleDatabase(String sourceDb, Path dump, Path archive) {
        this.sourceDb = sourceDb;
        this.dump = dump;
        this.archive = archive;
    }

    public static synchronized SampleDatabase get() {
        if (instance == null) {
            try {
                PostgresServer pg = PostgresServer.get();
                String db = pg.createDatabase("source");
                pg.psql(db, Path.of("demo/sample-app.sql"), "users=600");
                Path dir = Files.createTempDirectory("staging-sync-sample");
                Path dump = dir.resolve("sample.pgsql");
                pg.pgDump(db, dump);
                Path archive = Backups.scalingoArchive(dump, dir, "20261121000000_sample-app_42");
                instance = new SampleDatabase(db, dump, archive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /**
     * The sample as a successful in-place sync with the demo rules left it, synced once per test JVM: the template of
     * the targets whose test starts from a previous sync ({@link FreshTargetTest#targetHoldsAPreviousSync()}).
     */
    public synchronized String syncedTemplate() {
        if (syncedTemplate == null) {
            PostgresServer pg = PostgresServer.get();
            String db = pg.createDatabase("synced");
            SyncRun run = Sync.into(pg.url(db), archive).with("sync.target-mode", "in-place").run();
            if (run.status() != SyncRun.Status.SUCCESS) {
                pg.dropDatabase(db);
                throw new AssertionError("the sample's first sync failed: " + run.error());
            }
            syncedTemplate = db;
        }
        return syncedTemplate;
    }

    public String sourceDb() {
        return sourceDb;
    }

    /** The bare custom-format dump. */
    public Path dump() {
        return dump;
    }

    /** The Scalingo-shaped .tar.gz. */
    public Path archive() {
        return archive;
    }
}
