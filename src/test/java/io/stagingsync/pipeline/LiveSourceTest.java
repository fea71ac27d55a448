package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import org.junit.jupiter.api.Test;

/** SYNC_SOURCE=postgres://…: a second local database dumped with the real pg_dump, then the same pipeline. */
class LiveSourceTest extends FreshTargetTest {

    @Test
    void aLiveDatabaseIsDumpedThenSyncedLikeABackup() {
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.source", pg.url(sample.sourceDb())).run();

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("127.0.0.1", run.backup().sourceHost());
        assertTrue(run.backup().info().source().startsWith("postgres:"), run.backup().info().source());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
        assertEquals(Rows.checksum(sample.sourceDb(), "orders"), Rows.checksum(target, "orders"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE email NOT LIKE '%@example.test'"));
    }

    @Test
    void aLiveSourceThatRefusesTheConnectionIsRefusedBeforeAnythingIsTouched() {
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.source", pg.url("ss_no_such_database")).run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("refused the connection"), run.error());
        assertEquals(0, Rows.count(target, "pg_tables WHERE schemaname = 'public'"));
    }
}
