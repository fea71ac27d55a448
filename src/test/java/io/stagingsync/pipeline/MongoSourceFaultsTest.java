package io.stagingsync.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoIterable;
import io.stagingsync.run.SyncRun;
import io.stagingsync.source.mongodb.CollectionCopy;
import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.DyingCursor;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.MongoSamples;
import io.stagingsync.testing.MongoSourceServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fault matrix's cases for a MongoDB source: whatever breaks, the target holds no raw document. */
class MongoSourceFaultsTest extends FreshTargetTest {

    /**
     * The source of the cases that leave it running: they only read it, so one server and one seeding serve them all.
     * A case that kills its source has a server of its own.
     */
    private static MongoSourceServer shared;

    @BeforeAll
    static void startSharedSource() {
        shared = seeded();
    }

    @AfterAll
    static void stopSharedSource() {
        if (shared != null) {
            shared.close();
        }
    }

    private static MongoSourceServer seeded() {
        MongoSourceServer mongo = new MongoSourceServer();
        MongoSamples.users(mongo.database("app"), 2000, new ObjectId());
        MongoSamples.orders(mongo.database("app"), 25);
        return mongo;
    }

    @AfterEach
    void dropTheSwapCopy() {
        pg.dropDatabase(target + "_next");
    }

    private Sync sync(MongoSourceServer mongo, String rulesYaml, String mode) {
        return Sync.into(pg.url(target), Path.of("unused")).with("sync.source", mongo.url("app"))
                .rules(rules(rulesYaml)).with("sync.target-mode", mode).with("sync.mongodb.batch-size", "100");
    }

    private void assertNothingRaw() {
        assertEquals(Set.of(), Rows.tablesHolding(target, Set.copyOf(MongoSamples.RAW_MARKERS)));
        assertFalse(Rows.tableExists(target, "public.mongo_users"), "the copy's tables were dropped");
        assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    @SuppressWarnings("unchecked")
    void theSourceDyingMidCollectionFailsTheRunAndLeavesNothingRaw(String mode) {
        SyncRun run;
        try (MongoSourceServer mongo = seeded()) {
            run = sync(mongo, MongoSamples.USER_RULES, mode)
                    .processBefore("load-collection", "copy-collection", exchange -> {
                        CollectionCopy copy = exchange.getProperty("collection", CollectionCopy.class);
                        if (copy.collection().equals("users")) {
                            exchange.getIn().setBody(DyingCursor.wrap(exchange.getIn().getBody(MongoIterable.class),
                                    500, mongo::kill));
                        }
                    }).run();
        }

        assertEquals(SyncRun.Status.FAILED, run.status(), run::error);
        assertTrue(run.error().contains("reading collection users from MongoDB failed"), run.error());
        assertNothingRaw();
    }

    @Test
    void aMaskingExpressionFailingOnOneDocumentFailsTheRunAndLeavesNothingRaw() {
        SyncRun run = sync(shared, MongoSamples.USER_RULES.replace("doc.address.city: \"'Springfield'\"",
                "doc.address.city: \"CASE WHEN doc->>'name' = 'Member 1234' THEN ((doc->>'ratio')::numeric / 0)::text "
                        + "ELSE 'Springfield' END\""), "in-place").run();

        assertEquals(SyncRun.Status.FAILED, run.status(), run::error);
        assertTrue(run.error().contains("loading collection users (tables[0] (users)) failed"), run.error());
        // the server's message is withheld: it can quote the document
        assertTrue(run.error().contains("SQLSTATE 22012"), run.error());
        assertNothingRaw();
        assertFalse(Rows.tableExists(target, "public.mongo_orders"), "the other collection's table went too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    void sigtermMidMaskingRollsBackAndExitsNonZero(String mode) throws Exception {
        // the users' masking slowed down (20 ms a document, 40 s in all) so that the stop lands inside it
        Path rules = rules(MongoSamples.USER_RULES.replace("doc.email: \"'user' || _id || '@example.test'\"",
                "doc.email: \"'user' || _id || '@example.test' || (select '' from pg_sleep(0.02 + 0 * length(_id)))\""));
        Path output = dir.resolve("out.log");
        Process app = AppProcess.start(Path.of("").toAbsolutePath(), dir, Map.of("DATABASE_URL", pg.url(target),
                "SYNC_SOURCE", shared.url("app"), "SYNC_ANONYMIZATION_FILE", rules.toString(),
                "SYNC_TARGET_MODE", mode), output, "run");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!app.isAlive()) {
                throw new AssertionError("the run ended before it was stopped:\n" + Files.readString(output));
            }
            return !Rows.strings("postgres", "SELECT pid::text FROM pg_stat_activity WHERE application_name = "
                    + "'staging-sync' AND datname LIKE '" + target + "%' AND state = 'active'"
                    // the statement's text is cut at 1 kB: its beginning names the private copy being masked
                    + " AND query LIKE 'CREATE TEMP TABLE staging_sync_docs_replacements%'")
                    .isEmpty();
        });
        app.destroy();
        assertTrue(app.waitFor(3, TimeUnit.MINUTES), "the process exits after SIGTERM");
        String out = Files.readString(output);

        assertNotEquals(0, app.exitValue(), out);
        assertTrue(out.contains("SIGTERM"), out);
        assertTrue(Files.readString(dir.resolve("reports/report.json")).contains("\"status\" : \"failed\""));
        assertNothingRaw();
        assertEquals("0", Rows.single("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                + "'staging-sync' AND datname LIKE '" + target + "%' AND state = 'active'"), "no statement left running");
    }
}
