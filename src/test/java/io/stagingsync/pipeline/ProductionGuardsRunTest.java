package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.report.ReportText;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A production-looking target is refused by the real preflight, before the backup is read or the target touched. */
class ProductionGuardsRunTest extends FreshTargetTest {

    @Test
    void everyGuardRefusesTogetherBeforeAnythingIsTouched() throws Exception {
        pg.execute(target, "CREATE TABLE customers (email text)", "INSERT INTO customers VALUES ('kept@example.test')");
        // the live source is the target itself: the very mistake the guards exist for
        String url = pg.url(target, "postgres", "s3cret-pw");
        Sync sync = Sync.into(url, sample.archive()).with("sync.source", url)
                .with("app", "shop-production").with("sync.guard.allowed-targets", "shop-staging");
        SyncRun run = sync.run();

        assertEquals(2, run.exitCode(), run::error);
        assertEquals("preflight", run.failedStage());
        for (String reason : new String[] {"APP=shop-production looks like production",
                "is on the source database's host", "is not in SYNC_GUARD_ALLOWED_TARGETS"}) {
            assertTrue(run.error().contains(reason), run.error());
        }
        assertTrue(run.results().checks().stream().anyMatch(c -> c.name().equals("target") && !c.ok()
                && c.detail().contains("not connected")), run.results().checks()::toString);
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertEquals(1, Rows.count(target, "customers"), "the target was not touched");
        try (var files = Files.list(sync.workDir())) {
            assertEquals(0, files.count(), "nothing was downloaded or dumped");
        }
        String report = Files.readString(sync.reportDir().resolve("report.json"));
        assertTrue(report.contains("\"refused\""), report);
        assertFalse(report.contains("s3cret-pw") || ReportText.render(run).contains("s3cret-pw"), "no password shown");
    }
}
