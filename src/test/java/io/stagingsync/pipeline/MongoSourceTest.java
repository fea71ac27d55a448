package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoDatabase;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.MongoSamples;
import io.stagingsync.testing.MongoSourceServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SYNC_SOURCE=mongodb://…: collections into JSONB tables through the pipeline, against a real wire-protocol server. */
class MongoSourceTest extends FreshTargetTest {

    // every test only reads the source: one server and one seeding serve the class, a server JVM less per test
    private static MongoSourceServer mongo;
    private static final ObjectId knownOid = new ObjectId();

    @BeforeAll
    static void seed() {
        mongo = new MongoSourceServer();
        MongoSamples.users(mongo.database("app"), 40, knownOid);
        MongoSamples.orders(mongo.database("app"), 25);
    }

    @AfterAll
    static void stopMongo() {
        if (mongo != null) {
            mongo.close();
        }
    }

    private Path reportDir;

    private Sync sync(String rulesYaml) {
        Path rulesFile = rules(rulesYaml);
        Sync sync = Sync.into(pg.url(target), Path.of("unused")).with("sync.source", mongo.url("app")).rules(rulesFile)
                .with("sync.target-mode", "in-place");
        reportDir = sync.reportDir();
        return sync;
    }

    @Test
    void collectionsLandInJsonbTablesWithTheirPathsMaskedAndNothingRawCommitted() throws Exception {
        SyncRun run = sync(MongoSamples.USER_RULES).run();

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(40, Rows.count(target, "mongo_users"));
        assertEquals(25, Rows.count(target, "mongo_orders"));
        assertEquals(Set.of(), Rows.tablesHolding(target, Set.copyOf(MongoSamples.RAW_MARKERS)));
        // the unmasked values and the BSON types are there, as relaxed Extended JSON
        assertEquals("Member 5", Rows.single(target, "SELECT doc->>'name' FROM mongo_users WHERE _id = '{\"$numberInt\": \"5\"}'"));
        assertEquals("user" + knownOid.toHexString() + "@example.test",
                Rows.single(target, "SELECT doc->>'email' FROM mongo_users WHERE _id = '" + knownOid.toHexString() + "'"));
        assertEquals("{\"$oid\": \"" + knownOid.toHexString() + "\"}",
                Rows.single(target, "SELECT doc->>'_id' FROM mongo_users WHERE _id = '" + knownOid.toHexString() + "'"));
        assertEquals("{\"$numberDecimal\": \"1234.50\"}", Rows.single(target, "SELECT doc->>'balance' FROM mongo_users LIMIT 1"));
        assertEquals("{\"$date\": \"2024-03-01T10:15:30.123Z\"}", Rows.single(target, "SELECT doc->>'created' FROM mongo_users LIMIT 1"));
        assertEquals("40", Rows.single(target, "SELECT count(*) FROM mongo_users WHERE doc->'avatar' ? '$binary'"));
        assertEquals("{\"$numberLong\": \"30000000000\"}",
                Rows.single(target, "SELECT _id FROM mongo_users WHERE (doc->>'_id') = '30000000000'"));
        assertEquals("user-2", Rows.single(target, "SELECT _id FROM mongo_users WHERE doc->>'name' = 'Member 2'"));
        assertEquals("2", Rows.single(target, "SELECT jsonb_array_length(doc->'phones') FROM mongo_users LIMIT 1"));
        assertEquals("friend", Rows.single(target, "SELECT doc->'contacts'->0->>'kind' FROM mongo_users LIMIT 1"));
        assertEquals("7", Rows.single(target, "SELECT doc->'items'->0->>'qty' FROM mongo_orders "
                + "WHERE _id = '{\"shop\": \"s1\", \"n\": {\"$numberInt\": \"7\"}}'"));
        TableResult users = run.results().tables().get("mongo_users");
        assertEquals(List.of("doc.email", "doc.address.city", "doc.phones", "doc.contacts.email"), users.maskedColumns());
        assertEquals(0, users.totalSurvivors());
        assertEquals(40, users.rows());
        assertTrue(run.results().verificationPassed(), () -> run.results().verificationProblems().toString());
        assertFalse(Rows.tableExists(target, "pg_temp.staging_sync_docs_raw"));
        String report = Files.readString(reportDir.resolve("report.json"));
        assertTrue(report.contains("\"name\" : \"mongo_users\",\n    \"collection\" : \"users\""), report);
        assertTrue(report.contains("\"masked_columns\" : [ \"doc.email\", \"doc.address.city\""), report);
        assertTrue(report.contains("\"survivors\" : 0"), report);
        // a document count is no size in bytes
        assertTrue(report.contains("\"size\" : null"), report);
        String text = Files.readString(reportDir.resolve("report.txt"));
        assertTrue(text.contains("  backup: app, created "), text);
    }

    @Test
    void aPathNoSampledDocumentHasIsRefusedWithASuggestionBeforeTheTargetIsTouched() {
        SyncRun run = sync(MongoSamples.USER_RULES.replace("doc.address.city", "doc.adress.city")).run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("no sampled document of users has the path doc.adress.city; did you mean "
                + "doc.address.city?"), run.error());
        assertEquals(0, Rows.count(target, "pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void aRuleForACollectionTheSourceDoesNotHaveIsRefused() {
        SyncRun run = sync(MongoSamples.USER_RULES.replace("table: users", "table: userz")).run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("names no collection of app; did you mean users?"), run.error());
        assertEquals(0, Rows.count(target, "pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void aUrlWithoutADatabaseAndAnUnknownConfiguredCollectionAreRefused() {
        SyncRun noDatabase = sync(MongoSamples.USER_RULES).with("sync.source", mongo.url("")).run(Command.CHECK);
        assertEquals(2, noDatabase.exitCode(), noDatabase::error);
        assertTrue(noDatabase.error().contains("SYNC_SOURCE names no database"), noDatabase.error());

        SyncRun unknown = sync(MongoSamples.USER_RULES).with("sync.mongodb.collections", "users,ordres").run(Command.CHECK);
        assertEquals(2, unknown.exitCode(), unknown::error);
        assertTrue(unknown.error().contains("[ordres]; did you mean orders?"), unknown.error());
    }

    @Test
    void checkConnectsAndListsTheCollectionsWithTheirCounts() {
        SyncRun run = sync(MongoSamples.USER_RULES).run(Command.CHECK);

        assertEquals(0, run.exitCode(), run::error);
        String source = run.results().checks().stream().filter(c -> c.name().equals("source")).findFirst().orElseThrow().detail();
        assertTrue(source.contains("/app: MongoDB ") && source.contains("collections to copy: orders (~25), users (~40)"),
                source);
        assertFalse(run.results().checks().stream().anyMatch(c -> c.name().equals("pg_restore")), "no archive, no pg_restore");
    }

    @Test
    void aRemoteSourceWithoutTlsIsRefusedUnlessAllowed() {
        SyncRun run = sync(MongoSamples.USER_RULES).with("sync.source", "mongodb://reader:s3cretpass@mongo.example.com/app")
                .run(Command.CHECK);

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("without TLS"), run.error());
        assertFalse(run.error().contains("s3cretpass"), run.error());
    }

    @Test
    void planListsCollectionsCountsAndMaskedPathsAndTouchesNothing() {
        SyncRun run = sync(MongoSamples.USER_RULES).run(Command.PLAN);

        assertEquals(0, run.exitCode(), run::error);
        assertTrue(run.results().notes().contains("collection users → table mongo_users: 40 documents, masked [doc.email, "
                + "doc.address.city, doc.phones, doc.contacts.email] by tables[0] (users)"), run.results().notes()::toString);
        assertTrue(run.results().notes().contains("collection orders → table mongo_orders: 25 documents, copied as it is"),
                run.results().notes()::toString);
        assertEquals(0, Rows.count(target, "pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void unmaskedPersonalDataInTheSampleRefusesTheRun() {
        SyncRun run = sync(MongoSamples.USER_RULES.replace("      doc.contacts.email: \"'contact-' || md5(value::text) || '@example.test'\"\n", ""))
                .run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("mongo_users.doc.contacts.email (values: email in 40 of 40 sampled; confidence: high)"), run.error());
        assertEquals(0, Rows.count(target, "pg_tables WHERE schemaname = 'public'"));
    }
}
