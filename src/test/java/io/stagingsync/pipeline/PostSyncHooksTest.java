package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Post-sync SQL files (the gem's seeds) run on the anonymized target, inside the fail-closed envelope. */
class PostSyncHooksTest extends FreshTargetTest {

    private Path file(String name, String sql) throws IOException {
        return Files.writeString(dir.resolve(name), sql);
    }

    @Test
    void hooksRunInOrderAfterMaskingAndPostData() throws IOException {
        Path demo = file("demo-accounts.sql", """
                INSERT INTO users (email, first_name, last_name) VALUES ('demo@example.test', 'Demo', 'Account');
                UPDATE users SET last_name = 'Admin' WHERE email = 'demo@example.test';
                """);
        Path qa = file("qa.sql", "INSERT INTO products (name, price_cents) VALUES ('QA fixture', 100);");
        Sync sync = Sync.into(pg.url(target), sample.archive()).with("sync.hooks", demo + ", " + qa);
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        // the identity sequence was restored by post-data: the seed gets a fresh id, the unique index holds
        assertEquals("Admin", Rows.single(target, "SELECT last_name FROM users WHERE email = 'demo@example.test'"));
        assertEquals("1", Rows.single(target, "SELECT count(*) FROM products WHERE name = 'QA fixture'"));
        assertTrue(run.results().notes().stream().anyMatch(n -> n.startsWith("hook " + demo + " ran in")), run.results().notes().toString());
        assertTrue(Files.readString(sync.reportDir().resolve("report.txt")).contains("hooks="));
    }

    @Test
    void failingHookAppliesNoHookAndLeavesNoRawRow() throws IOException {
        Path good = file("good.sql", "INSERT INTO products (name, price_cents) VALUES ('seed', 100);");
        Path bad = file("bad.sql", "INSERT INTO products (name, price_cents) VALUES ('broken', -1);");
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.hooks", good + "," + bad)
                .with("sync.target-mode", "in-place").run();
        assertEquals(1, run.exitCode(), run::error);
        assertEquals("hooks", run.failedStage());
        assertTrue(run.error().contains("the hook " + bad + " failed, no hook was applied"), run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertFalse(Rows.tableExists(target, "public.users"), "the target holds no data after a failed hook");
    }

    @Test
    void missingHookFileIsRefusedBeforeAnythingIsDownloaded() {
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.hooks", dir.resolve("nope.sql").toString())
                .run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("nope.sql is not a readable file: fix SYNC_HOOKS"), run.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
    }
}
