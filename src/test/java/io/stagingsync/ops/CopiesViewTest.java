package io.stagingsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.settings.SettingsLoader;
import io.stagingsync.settings.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside copies mode, GET /api/copies says why it has nothing to list. */
class CopiesViewTest {

    @TempDir
    Path dir;

    @Test
    void outsideCopiesModeTheAnswerIsA404NamingTheSetting() {
        SyncSettings swap = new SettingsLoader(Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "file:/b.tar.gz", "sync.target-mode", "swap")::get).load();
        OpsError e = assertThrows(OpsError.class, () -> new CopiesView(swap, null).list());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("SYNC_TARGET_MODE is swap") && e.getMessage().contains("SYNC_TARGET_MODE=copies"),
                e.getMessage());
    }

    @Test
    void aNeonTargetAnswersA404SayingWhereItsBranchesAreListed() {
        SyncSettings neon = new SettingsLoader(Map.of("sync.source", "file:/b.tar.gz", "sync.target", "neon",
                "neon.api-key", "napi_copies_view_key", "neon.project-id", "shiny-wind-12345678")::get).load();
        OpsError e = assertThrows(OpsError.class, () -> new CopiesView(neon, null).list());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("SYNC_TARGET=neon keeps Neon branches") && e.getMessage().contains("target.neon")
                && !e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void severalTargetsNoneInCopiesModeAnswerA404NamingTheTargetsMode() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), """
                targets:
                  - {name: staging, url: "postgres://u@127.0.0.1:5432/staging", mode: swap}
                  - {name: demo, url: "postgres://u@127.0.0.1:5432/demo", mode: in-place}
                """);
        Map<String, String> values = new HashMap<>(Map.of("sync.source", "file:/b.tar.gz", "sync.targets", file.toString()));
        SyncSettings several = new SettingsLoader(values::get).load();
        OpsError e = assertThrows(OpsError.class, () -> new CopiesView(several, null).list());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("no target of SYNC_TARGETS is in copies mode"), e.getMessage());
    }
}
