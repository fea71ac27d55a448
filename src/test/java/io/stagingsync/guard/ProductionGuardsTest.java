package io.stagingsync.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.settings.GuardSettings;
import io.stagingsync.settings.SettingsLoader;
import io.stagingsync.settings.SyncSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each production guard on its own, all of them together, and none quoting a secret. */
class ProductionGuardsTest {

    private static final String STAGING = "postgres://app:s3cret-pw@staging-db.example:5432/app?sslmode=require";

    private static List<String> problems(Map<String, String> values, String sourceHost, String sourceAddon) {
        Map<String, String> all = new HashMap<>(Map.of("database.url", STAGING, "sync.source", "file:/b.tar.gz",
                "sync.guard.production-patterns", "prod,production"));
        all.putAll(values);
        SyncSettings settings = new SettingsLoader(all::get).load();
        return new ProductionGuards(GuardSettings.load(all::get)).problems(settings, sourceHost, sourceAddon);
    }

    private static void assertOne(List<String> problems, String expected) {
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains(expected), problems::toString);
    }

    @Test
    void aStagingTargetPasses() {
        assertEquals(List.of(), problems(Map.of("app", "shop-staging"), "shop-1.postgresql.example", "ad-1"));
    }

    @Test
    void anAppNamedLikeProductionIsRefusedWhateverItsCase() {
        assertOne(problems(Map.of("app", "Shop-PRODUCTION"), null, null), "APP=Shop-PRODUCTION looks like production");
    }

    @Test
    void aTargetHostNamedLikeProductionIsRefused() {
        assertOne(problems(Map.of("database.url", "postgres://app:pw@db-prod.example/app?sslmode=require"), null, null),
                "the target host db-prod.example looks like production");
    }

    @Test
    void aPlainWordPatternMatchesWholeWordsOnly() {
        assertOne(problems(Map.of("app", "shop_prod"), null, null), "APP=shop_prod looks like production (matches \"prod\"");
        assertEquals(List.of(), problems(Map.of("app", "products-staging"), null, null));
        assertEquals(List.of(), problems(Map.of("app", "bug-reproducer-staging"), null, null));
    }

    @Test
    void patternsAreConfigurableRegularExpressions() {
        assertOne(problems(Map.of("app", "shop-live", "sync.guard.production-patterns", "-live$"), null, null),
                "matches \"-live$\"");
        assertEquals(List.of(), problems(Map.of("app", "shop-prod", "sync.guard.production-patterns", "-live$"), null, null));
        RefusedException bad = assertThrows(RefusedException.class,
                () -> problems(Map.of("sync.guard.production-patterns", "prod("), null, null));
        assertTrue(bad.getMessage().contains("\"prod(\" is not a regular expression"), bad.getMessage());
    }

    @Test
    void theTargetAppMayNotBeTheSourceApp() {
        assertOne(problems(Map.of("app", "shop", "sync.source-app", "SHOP"), null, null),
                "the target app shop is the source app");
    }

    @Test
    void theTargetHostMayNotBeTheSourceDatabaseHost() {
        assertOne(problems(Map.of(), "STAGING-DB.example", null), "is on the source database's host STAGING-DB.example");
    }

    @Test
    void onThisMachineOnlyTheVerySameDatabaseIsRefused() {
        String local = "postgres://app:pw@127.0.0.1:5432/staging";
        assertEquals(List.of(), problems(Map.of("database.url", local,
                "sync.source", "postgres://app:pw@127.0.0.1:5432/production_copy"), "127.0.0.1", null));
        assertOne(problems(Map.of("database.url", local, "sync.source", "postgres://ro:pw@127.0.0.1:5432/staging"),
                "127.0.0.1", null), "is on the source database's host");
    }

    @Test
    void theTargetAddonMayNotBeTheSourceAddon() {
        assertOne(problems(Map.of("sync.target.addon-id", "ad-42"), null, "AD-42"), "the target addon ad-42");
        assertEquals(List.of(), problems(Map.of("sync.target.addon-id", "ad-7"), null, "ad-42"));
    }

    @Test
    void anAllowListAdmitsOnlyItsTargetsAndClearsAMisleadingName() {
        assertOne(problems(Map.of("app", "shop-staging", "sync.guard.allowed-targets", "demo, qa"), null, null),
                "is not in SYNC_GUARD_ALLOWED_TARGETS");
        assertEquals(List.of(), problems(Map.of("app", "product-catalog-staging",
                "sync.guard.allowed-targets", "product-catalog-staging"), null, null));
        assertEquals(List.of(), problems(Map.of("sync.guard.allowed-targets", "staging-db.example/app"), null, null));
        // an allow-list entry never lets the source itself through
        assertOne(problems(Map.of("app", "shop", "sync.source-app", "shop", "sync.guard.allowed-targets", "shop"),
                null, null), "is the source app");
    }

    @Test
    void aRemoteTargetWithoutTlsIsRefusedUnlessAllowed() {
        String plain = "postgres://app:pw@staging-db.example:5432/app";
        assertOne(problems(Map.of("database.url", plain), null, null), "without TLS: add ?sslmode=require");
        assertEquals(List.of(), problems(Map.of("database.url", plain, "sync.target.allow-insecure", "true"), null, null));
        assertEquals(List.of(), problems(Map.of("database.url", "postgres://app:pw@localhost/app"), null, null));
    }

    @Test
    void everyGuardIsReportedAtOnceWithoutTheSecrets() {
        List<String> problems = problems(Map.of(
                "app", "shop-production",
                "sync.source-app", "shop-production",
                "database.url", "postgres://app:s3cret-pw@prod-db.example:5432/app",
                "sync.target.addon-id", "ad-42",
                "sync.guard.allowed-targets", "qa"), "prod-db.example", "ad-42");
        assertEquals(7, problems.size(), problems::toString);
        for (String p : problems) {
            assertFalse(p.contains("s3cret-pw"), p);
        }
    }
}
