package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoDatabase;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.MongoSourceServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SYNC_SOURCE=mongodb://…: collections into JSONB tables through the pipeline, against a real wire-protocol server. */
class MongoSourceTest extends FreshTargetTest {

    static final String RULES = """
            tables:
              - table: users
                columns:
                  doc.email: "'user' || _id || '@example.test'"
                  doc.address.city: "'Springfield'"
                  doc.phones: "'+00 ' || md5(value::text)"
                  doc.contacts.email: "'contact-' || md5(value::text) || '@example.test'"
            pii_scan:
              policy: fail
              allow: [mongo_users.doc.address.zip]
            """;

    private MongoSourceServer mongo;
    private final ObjectId knownOid = new ObjectId();

    @BeforeEach
    void seed() {
        mongo = new MongoSourceServer();
        MongoDatabase db = mongo.database("app");
        List<Document> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Object id = switch (i % 4) {
                case 0 -> new ObjectId();
                case 1 -> i;
                case 2 -> "user-" + i;
                default -> (long) i * 10_000_000_000L;
            };
            users.add(new Document("_id", i == 0 ? knownOid : id)
                    .append("email", "person" + i + "@realmail.example")
                    .append("name", "Member " + i)
                    .append("address", new Document("city", "Realcity" + i).append("zip", "750" + (i % 10)))
                    .append("phones", List.of("+3361234" + String.format("%04d", i), "+3371234" + String.format("%04d", i)))
                    .append("contacts", List.of(new Document("email", "friend" + i + "@realmail.example").append("kind", "friend")))
                    .append("created", Date.from(Instant.parse("2024-03-01T10:15:30.123Z")))
                    .append("balance", new Decimal128(new java.math.BigDecimal("1234.50")))
                    .append("avatar", new Binary(new byte[] {1, 2, 3, (byte) i}))
                    .append("ratio", 0.5 + i)
                    .append("active", i % 2 == 0));
        }
        db.getCollection("users").insertMany(users);
        List<Document> orders = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            orders.add(new Document("_id", new Document("shop", "s" + (i % 3)).append("n", i))
                    .append("total", new Decimal128(new java.math.BigDecimal(i + ".99")))
                    .append("items", List.of(new Document("sku", "A" + i).append("qty", i))));
        }
        db.getCollection("orders").insertMany(orders);
    }

    @AfterEach
    void stopMongo() {
        mongo.close();
    }

    private Sync sync(String rulesYaml) {
        Path rulesFile = rules(rulesYaml);
        return Sync.into(pg.url(target), Path.of("unused")).with("sync.source", mongo.url("app")).rules(rulesFile)
                .with("sync.target-mode", "in-place");
    }

    @Test
    void collectionsLandInJsonbTablesWithTheirPathsMaskedAndNothingRawCommitted() {
        SyncRun run = sync(RULES).run();

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(40, Rows.count(target, "mongo_users"));
        assertEquals(25, Rows.count(target, "mongo_orders"));
        assertEquals(Set.of(), Rows.tablesHolding(target, Set.of("@realmail.example", "Realcity", "+336", "+337")));
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
        TableResult users = run.tables().get("mongo_users");
        assertEquals(List.of("doc.email", "doc.address.city", "doc.phones", "doc.contacts.email"), users.maskedColumns());
        assertEquals(0, users.totalSurvivors());
        assertEquals(40, users.rows());
        assertTrue(run.verificationPassed(), () -> run.verificationProblems().toString());
        assertFalse(Rows.tableExists(target, "pg_temp.staging_sync_docs_raw"));
    }
}
