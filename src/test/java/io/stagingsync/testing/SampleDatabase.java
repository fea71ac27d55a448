package io.stagingsync.testing;

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
