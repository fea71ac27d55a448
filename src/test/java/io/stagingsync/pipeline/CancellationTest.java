package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.report.ReportText;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled run ends `cancelled`, says by whom and during which stage, and is rolled back as a failure is;
 * once the publish has begun a cancel is refused and the run ends as its publish does.
 */
class CancellationTest extends FreshTargetTest {

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void dropCopy() {
        pg.dropDatabase(target + "_next");
    }

    @Test
    void cancelDuringPostDataEndsCancelledByTheOperatorNotAsAPgRestoreFailure() throws Exception {
        Sync sync = Sync.into(pg.url(target), sample.archive()).with("sync.target-mode", "in-place")
                .atRun("restore-post", "restore-post-data", true,
                        run -> assertEquals(SyncRun.Cancel.ACCEPTED, run.cancel("operator")));
        SyncRun run = sync.run();

        assertEquals(SyncRun.Status.CANCELLED, run.status(), run::error);
        assertEquals("cancelled by an operator during stage restore-post", run.error());
        assertEquals("restore-post", run.failedStage());
        assertEquals(1, run.exitCode());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState(), "rolled back as a failure is");
        assertFalse(Rows.tableExists(target, "public.users"));
        JsonNode report = json.readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertEquals("cancelled", report.get("status").asText());
        assertEquals("operator", report.get("cancelled_by").asText());
        assertFalse(report.get("error").asText().contains("exit"), report.get("error").asText());
    }

    @Test
    void cancelMidLoadListsTheTablesItNeverLoadedAsNotLoaded() {
        AtomicReference<SyncRun> live = new AtomicReference<>();
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.target-mode", "swap")
                .with("sync.parallelism", "1")
                .atRun("load-table", "masked-or-not", true, r -> {
                    if (live.compareAndSet(null, r)) {
                        r.cancel("SIGTERM");
                    }
                }).run();

        assertEquals(SyncRun.Status.CANCELLED, run.status(), run::error);
        assertEquals("cancelled by SIGTERM during stage load-data", run.error());
        assertEquals(143, run.exitCode());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        String text = ReportText.render(run);
        assertTrue(text.contains(": cancelled\n"), text);
        assertTrue(text.contains("public.users: not loaded"), text);
        assertFalse(text.contains("copied as is"), "no table was loaded: " + text);
        assertFalse(text.contains("the run failed elsewhere"), text);
    }

    @Test
    void cancelOnceThePublishHasBegunIsRefusedAndTheSyncSucceeds() {
        AtomicReference<SyncRun.Cancel> answer = new AtomicReference<>();
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.target-mode", "swap")
                .atRun("publish", "when-swap", true, r -> answer.set(r.cancel("operator"))).run();

        assertEquals(SyncRun.Cancel.TOO_LATE_PUBLISHING, answer.get());
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(0, run.exitCode());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
    }
}
