package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.RefusedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad setting is refused at once, each problem naming the variable to fix. */
class SettingsLoaderTest {

    private static SyncSettings load(Map<String, String> values) {
        return new SettingsLoader(values::get).load();
    }

    @Test
    void everyProblemIsNamedByItsVariable() {
        RefusedException e = assertThrows(RefusedException.class, () -> load(Map.of(
                "sync.source", "file:/b.tar.gz", "sync.parallelism", "0", "sync.cron", "0 0 25 * * ?",
                "sync.cron-timezone", "Europe/Pari", "dry.run", "maybe", "sync.target-mode", "swap")));
        List<String> expected = List.of("DATABASE_URL is not set", "SYNC_PARALLELISM=0 must be between 1 and 64",
                "SYNC_CRON=\"0 0 25 * * ?\" is not a Quartz cron expression", "SYNC_CRON_TIMEZONE=Europe/Pari is not a time zone",
                "DRY_RUN=maybe must be true or false", "SYNC_TARGET_MODE=swap is not available");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(problem)), "missing «" + problem + "» in " + e.problems());
        }
    }

    @Test
    void scalingoUrlIsTheFallbackTargetAndDefaultsApply() {
        SyncSettings s = load(Map.of("scalingo.postgresql.url", "postgres://u:p@db.example:30125/app",
                "sync.source", "/backups/x.tar.gz"));
        assertEquals("db.example", s.target().host());
        assertEquals(SourceSpec.Kind.FILE, s.source().kind());
        assertEquals(3, s.parallelism());
        assertEquals(TargetMode.AUTO, s.targetMode());
    }
}
