package io.stagingsync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Child processes (pg_restore, pg_dump) get the libpq variables they need and none of the JVM's secrets. */
class PgProcessTest {

    @Test
    void aChildSeesNoneOfTheJvmsSecrets() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin", "LANG", "C.UTF-8", "LC_ALL", "C",
                "DATABASE_URL", "postgres://app:pw@db/app", "SCALINGO_API_TOKEN", "tk-us-x", "SYNC_SOURCE",
                "postgres://reader:pw@prod/db", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/x", "PGPASSWORD", "pw"));

        PgProcess.keepOnlyBasics(env);

        assertEquals(Map.of("PATH", "/usr/bin", "LANG", "C.UTF-8", "LC_ALL", "C"), env);
    }

    @Test
    void aRealChildGetsOnlyTheBasicsAndItsLibpqVariables() throws IOException {
        PgProcess env = PgProcess.start("env", List.of("env"), Map.of("PGHOST", "db.example", "PGPASSFILE", "/run/x/.pgpass"), false);
        String seen = new String(env.stdout().readAllBytes(), StandardCharsets.UTF_8);
        env.await(Duration.ofSeconds(10));

        assertTrue(seen.contains("PGHOST=db.example") && seen.contains("PGPASSFILE=/run/x/.pgpass"), seen);
        for (String line : seen.split("\n")) {
            String name = line.split("=", 2)[0];
            assertTrue(name.startsWith("PG") || name.equals("PATH") || name.equals("HOME") || name.equals("LANG")
                    || name.startsWith("LC_") || name.equals("TZ") || name.equals("TMPDIR") || name.isEmpty(),
                    "the child inherited " + name);
        }
        assertFalse(seen.contains("JAVA_HOME"), seen);
    }
}
