package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.MongoBenchSeed;
import io.stagingsync.testing.MongoSourceServer;
import io.stagingsync.testing.Rows;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A collection several times larger than the application's whole heap loads: documents stream through the cursor
 * and COPY a batch at a time, and the masking happens in PostgreSQL, so memory does not grow with the collection.
 */
class MongoSourceMemoryTest extends FreshTargetTest {

    /**
     * About 6,450 bytes of JSON each: 160 MB in all, more than three times {@link #HEAP_MB}. The size is what the
     * test is about; fewer, larger documents carry it with a third of the per-document work.
     */
    private static final int DOCUMENTS = 25_000;
    private static final int DOCUMENT_BYTES = 6_300;
    private static final int HEAP_MB = 48;

    @Test
    void aCollectionThreeTimesTheHeapLoadsMaskedInA48MegabyteJvm() throws Exception {
        try (MongoSourceServer mongo = new MongoSourceServer()) {
            MongoBenchSeed.fill(mongo.database("big").getCollection("people"), DOCUMENTS, DOCUMENT_BYTES);
            Path rules = rules("""
                    tables:
                      - table: people
                        columns:
                          doc.email: "'person' || _id || '@example.test'"
                          doc.address.city: "'Springfield'"
                          doc.phones: "'+00 ' || md5(value::text)"
                          doc.address.zip: "'00000'"
                    """);

            AppProcess.Result result = AppProcess.run(Path.of("").toAbsolutePath(), dir, Map.of(
                    "DATABASE_URL", pg.url(target), "SYNC_SOURCE", mongo.url("big"),
                    "SYNC_ANONYMIZATION_FILE", rules.toString(), "SYNC_TARGET_MODE", "in-place",
                    "JAVA_TOOL_OPTIONS", "-Xmx" + HEAP_MB + "m"), "run");

            assertEquals(0, result.exit(), result.output());
            assertEquals(DOCUMENTS, Rows.count(target, "mongo_people"));
            assertTrue(Long.parseLong(Rows.single(target, "SELECT sum(length(doc::text)) FROM mongo_people"))
                    > 3L * HEAP_MB * 1024 * 1024, "the copy is larger than three heaps");
            assertEquals("0", Rows.single(target, "SELECT count(*) FROM mongo_people WHERE doc::text LIKE '%realmail%'"
                    + " OR doc::text LIKE '%Realcity%'"));
        }
    }
}
