package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SYNC_CONFIRM=true from the real command line, which has no terminal under a test (as under cron). */
class ConfirmationCommandLineTest extends FreshTargetTest {

    private AppProcess.Result run(String... args) throws Exception {
        return AppProcess.run(Path.of("").toAbsolutePath(), dir, Map.of("DATABASE_URL", pg.url(target),
                "SYNC_SOURCE", "file:" + sample.dump(), "SYNC_CONFIRM", "true", "APP", "shop-staging",
                "SYNC_TARGET_MODE", "in-place", "CI", "false"), args);
    }

    @Test
    void withoutATerminalRunIsRefusedAndRunYesProceeds() throws Exception {
        AppProcess.Result refused = run("run");
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("SYNC_CONFIRM=true asks for the target's name at a terminal"),
                refused.output());
        assertFalse(Rows.tableExists(target, "public.users"), "nothing was restored");

        AppProcess.Result yes = run("run", "--yes");
        assertEquals(0, yes.exit(), yes.output());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
    }
}
