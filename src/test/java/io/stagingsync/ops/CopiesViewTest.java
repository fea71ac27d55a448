package io.stagingsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.settings.TargetMode;
import org.junit.jupiter.api.Test;

/** Outside copies mode, GET /api/copies says why it has nothing to list. */
class CopiesViewTest {

    @Test
    void outsideCopiesModeTheAnswerIsA404NamingTheSetting() {
        OpsError e = assertThrows(OpsError.class, () -> new CopiesView(TargetMode.SWAP, null).list());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("SYNC_TARGET_MODE is swap") && e.getMessage().contains("SYNC_TARGET_MODE=copies"),
                e.getMessage());
    }
}
