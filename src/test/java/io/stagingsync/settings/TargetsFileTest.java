package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SYNC_TARGETS: the targets file read at start, every problem of it at once, no URL or password in a message. */
class TargetsFileTest {

    @TempDir
    Path dir;

    private SyncSettings load(String yaml, Map<String, String> more) throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), yaml);
        Map<String, String> values = new HashMap<>(Map.of("sync.source", "file:/b.tar.gz", "sync.targets", file.toString()));
        values.putAll(more);
        return new SettingsLoader(values::get).load();
    }

    private List<String> problems(String yaml, Map<String, String> more) {
        return assertThrows(RefusedException.class, () -> load(yaml, more)).problems();
    }

    private static void assertNamed(List<String> problems, String... expected) {
        for (String problem : expected) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(problem)), "missing «" + problem + "» in " + problems);
        }
    }

    @Test
    void targetsAreReadWithTheirModesAppsRulesAndHooksAndDatabaseUrlIsNotNeeded() throws IOException {
        SyncSettings s = load("""
                targets:
                  - {name: staging, url_env: STAGING_URL, mode: swap, app: shop-staging}
                  - name: demo
                    url: postgres://demo@127.0.0.1:5432/demo
                    mode: in-place
                    rules: demo-rules.yaml
                    hooks: [demo.sql]
                """, Map.of("STAGING_URL", "postgres://u:s3cret@127.0.0.1:5432/staging", "sync.targets.parallel", "3"));
        assertNull(s.target());
        assertEquals(3, s.targetsParallel());
        assertEquals(2, s.targets().size());
        TargetSpec staging = s.targets().get(0);
        assertEquals("staging", staging.name());
        assertEquals(TargetMode.SWAP, staging.mode());
        assertEquals("shop-staging", staging.app());
        assertEquals("staging", staging.database().database());
        assertNull(staging.rulesFile());
        assertNull(staging.hooks(), "no hooks of its own: the run's");
        TargetSpec demo = s.targets().get(1);
        assertEquals(TargetMode.IN_PLACE, demo.mode());
        assertEquals(Path.of("demo-rules.yaml"), demo.rulesFile());
        assertEquals(List.of(Path.of("demo.sql")), demo.hooks());
        assertFalse(s.targets().toString().contains("s3cret"));
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnceWithoutItsSecrets() {
        List<String> problems = problems("""
                targets:
                  - {name: staging, url_env: STAGING_URL, mode: swap}
                  - {name: review, url_env: UNSET_TARGET_URL}
                  - {name: qa, url: "postgres://u:hunter2@127.0.0.1:5432/qa"}
                  - {name: copy, url_env: SAME_DATABASE_URL}
                  - {url_env: STAGING_URL}
                  - {name: demo, url: "postgres://u@127.0.0.1:5432/demo", mode: sideways, colour: blue}
                """, Map.of("STAGING_URL", "postgres://u:s3cret@127.0.0.1:5432/staging",
                "SAME_DATABASE_URL", "postgres://other:s3cret@127.0.0.1:5432/staging"));
        assertNamed(problems, "mode 'sideways' is not one of",
                "the variable UNSET_TARGET_URL (url_env) is not set",
                "its url holds a password, which must not be written in a file",
                "unknown key 'colour'",
                "is the database of target staging",
                "targets[4] has no name");
        assertTrue(problems.stream().noneMatch(p -> p.contains("s3cret") || p.contains("hunter2")), problems.toString());
    }

    @Test
    void twoTargetsOfOneNameAreRefused() {
        assertNamed(problems("""
                targets:
                  - {name: staging, url: "postgres://u@127.0.0.1:5432/a"}
                  - {name: staging, url: "postgres://u@127.0.0.1:5432/b"}
                """, Map.of()), "the name staging is already the name of");
    }

    @Test
    void aMissingFileBadYamlAndAFileWithoutTargetsAreRefused() throws IOException {
        Map<String, String> values = new HashMap<>(Map.of("sync.source", "file:/b.tar.gz",
                "sync.targets", dir.resolve("nowhere.yaml").toString()));
        RefusedException missing = assertThrows(RefusedException.class, () -> new SettingsLoader(values::get).load());
        assertNamed(missing.problems(), "SYNC_TARGETS names", "nowhere.yaml, which does not exist");
        assertNamed(problems("targets: [ {name: a", Map.of()), "is not valid YAML");
        assertNamed(problems("tables: []\n", Map.of()), "the top level must be 'targets:'");
    }

    @Test
    void aConfirmationAtTheTerminalIsRefusedForSeveralTargets() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), "targets:\n  - {name: a, url: \"postgres://u@127.0.0.1/a\"}\n");
        RefusedException e = assertThrows(RefusedException.class, () -> new SettingsLoader(Map.of("sync.source",
                "file:/b.tar.gz", "sync.targets", file.toString(), "sync.confirm", "true")::get).loadAll());
        assertNamed(e.problems(), "SYNC_CONFIRM=true asks for one target's name");
    }

    @Test
    void aRunWithABadTargetsFileIsRefusedBeforeItStartsWithExitCode2() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), "targets:\n  - {name: a, url_env: UNSET_TARGET_URL}\n");
        SyncRun run = Sync.into("postgres://u@127.0.0.1/unused", dir.resolve("backup.pgsql"))
                .with("database.url", "").with("sync.targets", file.toString()).run();
        assertEquals(SyncRun.Status.REFUSED, run.status());
        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("UNSET_TARGET_URL"), run.error());
    }
}
