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
 * A collection twice as large as the application's whole heap loads: documents stream through the cursor
 * and COPY a batch at a time, and the masking happens in PostgreSQL, so memory does not grow with the collection.
 */
class MongoSourceMemoryTest extends FreshTargetTest {

    /**
     * About 6,450 bytes of JSON each: 110 MB in all, more than twice {@link #HEAP_MB}. The size is what the test is
     * about: a JVM whose whole heap is half the collection's text cannot hold the collection, the more so as decoded
     * documents take more room than their JSON, so a heap that held it would overflow; a third heap of data would
     * prove nothing more and cost a third more time. Fewer, larger documents carry the size with a third of the
     * per-document work.
     */
    private static final int DOCUMENTS = 17_000;
    private static final int DOCUMENT_BYTES = 6_300;
    private static final int HEAP_MB = 48;

    @Test
    void aCollectionTwiceTheHeapLoadsMaskedInA48MegabyteJvm() throws Exception {
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
            // the JVM says so when it takes the option: the heap really was this small
            assertTrue(result.output().contains("Picked up JAVA_TOOL_OPTIONS: -Xmx" + HEAP_MB + "m"), result.output());
            assertEquals(DOCUMENTS, Rows.count(target, "mongo_people"));
            assertTrue(Long.parseLong(Rows.single(target, "SELECT sum(length(doc::text)) FROM mongo_people"))
                    > 2L * HEAP_MB * 1024 * 1024, "the copy is larger than two heaps");
            assertEquals("0", Rows.single(target, "SELECT count(*) FROM mongo_people WHERE doc::text LIKE '%realmail%'"
                    + " OR doc::text LIKE '%Realcity%'"));
        }
    }
}
