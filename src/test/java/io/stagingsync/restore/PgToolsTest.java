package io.stagingsync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.SyncFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pg_restore must be at least as new as the pg_dump that wrote the dump; otherwise the error says what to install. */
class PgToolsTest {

    @TempDir
    Path dir;

    private Path fakeBinDir(String version) throws IOException {
        Path script = dir.resolve("pg_restore");
        Files.writeString(script, "#!/bin/sh\necho 'pg_restore (PostgreSQL) " + version + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    @Test
    void olderPgRestoreIsRefusedWithWhatToInstall() throws IOException {
        PgTools tools = new PgTools(fakeBinDir("14.11 (Debian 14.11-1)").toString());
        SyncFailure e = assertThrows(SyncFailure.class, () -> tools.pgRestoreFor("16.4", 16));
        assertTrue(e.getMessage().contains("written by pg_dump 16.4 but the newest pg_restore here is 14.11"), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql-client-16"), e.getMessage());
        assertTrue(e.getMessage().contains("SYNC_PG_BIN_DIR"), e.getMessage());
    }

    @Test
    void sameOrNewerPgRestoreIsUsed() throws IOException {
        PgTools tools = new PgTools(fakeBinDir("17.2").toString());
        assertEquals(17, tools.pgRestoreFor("16.4", 16).major());
        assertEquals("17.2", tools.pgRestore().version());
    }

    @Test
    void missingToolSaysHowToGetIt() {
        SyncFailure e = assertThrows(SyncFailure.class, () -> new PgTools(dir.resolve("nothing").toString()).pgRestore());
        assertTrue(e.getMessage().contains("pg_restore was not found in SYNC_PG_BIN_DIR"), e.getMessage());
    }

    @Test
    void debiansWrapperOnThePathGivesWayToTheBinaryOfTheSameVersion() {
        PgTools.Tool onPath = PgTools.probe("pg_restore").orElseThrow();
        Path binary = Path.of("/usr/lib/postgresql", String.valueOf(onPath.major()), "bin", "pg_restore");
        PgTools.Tool chosen = new PgTools("").pgRestore();
        assertEquals(onPath.version(), chosen.version());
        // where Debian's versioned directory holds it (this machine, the container), it is called without the wrapper
        assertEquals(Files.isExecutable(binary) ? binary.toString() : "pg_restore", chosen.command());
    }
}
