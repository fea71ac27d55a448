package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.RefusedException;
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
                "sync.cron-timezone", "Europe/Pari", "dry.run", "maybe", "sync.target-mode", "sideways")));
        List<String> expected = List.of("DATABASE_URL is not set", "SYNC_PARALLELISM=0 must be between 1 and 64",
                "SYNC_CRON=\"0 0 25 * * ?\" is not a Quartz cron expression", "SYNC_CRON_TIMEZONE=Europe/Pari is not a time zone",
                "DRY_RUN=maybe must be true or false", "SYNC_TARGET_MODE=sideways is not one of auto, swap, copies, in-place");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(problem)), "missing «" + problem + "» in " + e.problems());
        }
    }

    /** Every setting, the copies-mode target given; the values application.properties holds otherwise are given too. */
    private static Settings copiesSettings(String... more) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "/b.tar.gz", "sync.target-mode", "copies", "sync.guard.production-patterns", "prod"));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return new SettingsLoader(values::get).loadAll();
    }

    @Test
    void copiesModeKeepsThreeCopiesByDefaultAndRefusesAKeepCountBelowOne() {
        Settings defaults = copiesSettings();
        assertEquals(TargetMode.COPIES, defaults.sync().targetMode());
        assertEquals(3, defaults.swap().copiesKeep());
        assertEquals(5, copiesSettings("sync.copies.keep", "5").swap().copiesKeep());
        for (String bad : List.of("0", "three")) {
            RefusedException e = assertThrows(RefusedException.class, () -> copiesSettings("sync.copies.keep", bad));
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("SYNC_COPIES_KEEP=" + bad)
                    && p.contains("between 1 and 1000")), e.problems().toString());
        }
    }

    @Test
    void copiesModeRefusesADatabaseNameItsCopiesNamesWouldNotFitAndAMongoSource() {
        String longName = "a".repeat(47);
        RefusedException e = assertThrows(RefusedException.class, () -> load(Map.of(
                "database.url", "postgres://u@localhost/" + longName, "sync.target-mode", "copies",
                "sync.source", "mongodb://m.example/app")));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("database name " + longName + " is longer than 46 bytes")),
                e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("copies is not available with a MongoDB source")),
                e.problems().toString());
        assertEquals(TargetMode.COPIES, load(Map.of("database.url", "postgres://u@localhost/" + "a".repeat(46),
                "sync.target-mode", "copies", "sync.source", "/b.tar.gz")).targetMode());
    }

    @Test
    void scalingoUrlIsTheFallbackTargetAndDefaultsApply() {
        SyncSettings s = load(Map.of("scalingo.postgresql.url", "postgres://u:p@db.example:30125/app",
                "sync.source", "/backups/x.tar.gz"));
        assertEquals("db.example", s.target().host());
        assertEquals(SourceSpec.Kind.FILE, s.source().kind());
        assertEquals(Parallelism.forCores(Runtime.getRuntime().availableProcessors()), s.parallelismChoice());
        assertFalse(s.parallelismChoice().given());
        assertEquals(TargetMode.AUTO, s.targetMode());
    }

    @Test
    void anExplicitParallelismWinsOverTheDefault() {
        SyncSettings s = load(Map.of("database.url", "postgres://u@localhost/staging", "sync.source", "/b.tar.gz",
                "sync.parallelism", "5"));
        assertEquals(5, s.parallelism());
        assertTrue(s.parallelismChoice().given());
        assertEquals("SYNC_PARALLELISM=5", s.parallelismChoice().reason());
    }

    @Test
    void scalingoSourceNeedsATokenAndAnAppAndRefusesUnknownRegions() {
        RefusedException e = assertThrows(RefusedException.class, () -> load(Map.of(
                "database.url", "postgres://u@localhost/staging", "scalingo.region", "osc-mars1")));
        List<String> expected = List.of("SCALINGO_API_TOKEN is not set", "SYNC_SOURCE_APP is not set",
                "SCALINGO_REGION=osc-mars1 is not a Scalingo region: use osc-fr1 or osc-secnum-fr1");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(problem)), "missing «" + problem + "» in " + e.problems());
        }
    }

    @Test
    void regionChoosesTheApiHostsAndOverridesMustBeHttps() {
        ScalingoSettings s = load(Map.of("database.url", "postgres://u@localhost/staging", "sync.source-app", "shop-prod",
                "scalingo.api-token", "tk-us-x", "scalingo.region", "osc-secnum-fr1")).scalingo();
        assertEquals("https://api.osc-secnum-fr1.scalingo.com/v1", s.apiUrl());
        assertEquals("https://db-api.osc-secnum-fr1.scalingo.com/api", s.dbApiUrl());
        assertEquals("https://auth.scalingo.com/v1", s.authUrl());
        assertEquals("https://staging.osc-secnum-fr1.scalingo.io", s.appUrl("staging"));
        assertEquals("***", s.apiToken().toString());

        RefusedException e = assertThrows(RefusedException.class, () -> load(Map.of(
                "database.url", "postgres://u@localhost/staging", "sync.source-app", "Shop Prod", "scalingo.api-token", "t",
                "scalingo.api-url", "http://api.example.com/v1")));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("SCALINGO_API_URL=http://api.example.com/v1 must be an https:// URL")),
                e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("SYNC_SOURCE_APP=Shop Prod is not a Scalingo app name")),
                e.problems().toString());
    }

    @Test
    void apiUrlsAreAcceptedWithOrWithoutTheirVersionPathAsTheScalingoCliWritesThem() {
        Map<String, String> base = Map.of("database.url", "postgres://u@localhost/staging", "sync.source-app", "shop-prod",
                "scalingo.api-token", "tk-us-x");
        Map<String, String> bare = new java.util.HashMap<>(base);
        bare.putAll(Map.of("scalingo.api-url", "https://api.osc-fr1.scalingo.com",
                "scalingo.db-api-url", "https://db-api.osc-fr1.scalingo.com/", "scalingo.auth-url", "https://auth.scalingo.com"));
        ScalingoSettings s = load(bare).scalingo();
        assertEquals("https://api.osc-fr1.scalingo.com/v1", s.apiUrl());
        assertEquals("https://db-api.osc-fr1.scalingo.com/api", s.dbApiUrl());
        assertEquals("https://auth.scalingo.com/v1", s.authUrl());
        Map<String, String> versioned = new java.util.HashMap<>(base);
        versioned.putAll(Map.of("scalingo.api-url", "https://api.osc-fr1.scalingo.com/v1/",
                "scalingo.db-api-url", "https://db-api.osc-fr1.scalingo.com/api"));
        assertEquals("https://api.osc-fr1.scalingo.com/v1", load(versioned).scalingo().apiUrl());
        assertEquals("https://db-api.osc-fr1.scalingo.com/api", load(versioned).scalingo().dbApiUrl());
    }

    @Test
    void aRemoteLiveSourceWithoutTlsIsRefusedUnlessAllowed() {
        Map<String, String> plain = Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "postgres://reader:pw@prod.example.com:5432/shop");
        RefusedException e = assertThrows(RefusedException.class, () -> load(plain));
        assertTrue(e.problems().get(0).contains("SYNC_SOURCE reads reader@prod.example.com:5432/shop without TLS: add ?sslmode=require"),
                e.problems().toString());
        assertTrue(e.problems().stream().noneMatch(p -> p.contains("pw")), "the password is never quoted");

        assertEquals("prod.example.com", load(Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "postgres://reader:pw@prod.example.com:5432/shop?sslmode=verify-full")).liveSource().host());
        assertEquals("prod.example.com", load(Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "postgres://reader:pw@prod.example.com:5432/shop", "sync.source.allow-insecure", "true")).liveSource().host());
        assertEquals("localhost", load(Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "postgres://reader:pw@localhost:5432/shop")).liveSource().host());
    }

    @Test
    void aLiveSourceStreamsByDefaultDumpsWhenAskedAndAnUnknownModeIsRefused() {
        Map<String, String> live = Map.of("database.url", "postgres://u@localhost/staging",
                "sync.source", "postgres://reader:pw@localhost:5432/shop");
        assertTrue(load(live).liveSourceStreamed());
        Map<String, String> dump = new java.util.HashMap<>(live);
        dump.put("sync.live-source.mode", "dump");
        assertFalse(load(dump).liveSourceStreamed());
        dump.put("sync.live-source.mode", "pipe");
        RefusedException e = assertThrows(RefusedException.class, () -> load(dump));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("SYNC_LIVE_SOURCE_MODE=pipe is not a mode: use stream")),
                e.problems().toString());
    }

    @Test
    void onlyIpLiteralsAndLocalhostCountAsThisMachine() {
        assertTrue(Hosts.isLoopback("127.0.0.1"));
        assertTrue(Hosts.isLoopback("localhost"));
        assertTrue(Hosts.isLoopback("[::1]"));
        assertFalse(Hosts.isLoopback("127.evil.example"));
        assertFalse(Hosts.isLoopback("db.example.com"));
    }

    @Test
    void aNeonTargetNeedsItsKeyAndProjectButNoDatabaseUrlAndRefusesWhatItCannotCombineWith() {
        RefusedException e = assertThrows(RefusedException.class, () -> load(Map.of("sync.source", "/b.tar.gz",
                "sync.target", "neon", "sync.target-mode", "swap", "neon.staging-branch", "staging-sync-x")));
        List<String> expected = List.of("NEON_API_KEY is not set", "NEON_PROJECT_ID is not set",
                "SYNC_TARGET_MODE=swap does not apply to a Neon target",
                "NEON_STAGING_BRANCH=staging-sync-x is named like the runs' own branches");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(problem)), "missing «" + problem + "» in " + e.problems());
        }
        assertFalse(e.problems().stream().anyMatch(p -> p.contains("DATABASE_URL")), e.problems().toString());

        SyncSettings neon = load(Map.of("sync.source", "/b.tar.gz", "sync.target", "neon",
                "neon.api-key", "napi_settings_test_key", "neon.project-id", "shiny-wind-12345678"));
        assertTrue(neon.neonTarget());
        assertEquals(TargetMode.IN_PLACE, neon.targetMode(), "the run's own branch is restored in place");
        assertEquals("https://console.neon.tech/api/v2", neon.neon().apiUrl());
        assertEquals(3, neon.neon().keep());
        assertEquals("***", neon.neon().apiKey().toString(), "the key never prints");

        RefusedException kind = assertThrows(RefusedException.class, () -> load(Map.of("sync.source", "/b.tar.gz",
                "sync.target", "neo")));
        assertTrue(kind.problems().stream().anyMatch(p -> p.startsWith("SYNC_TARGET=neo is not a target kind")),
                kind.problems().toString());
    }
}
