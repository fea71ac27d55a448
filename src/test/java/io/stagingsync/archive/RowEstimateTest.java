package io.stagingsync.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The plan's row counts, read from the head of each table's data block in a real pg_dump. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowEstimateTest {

    private final PostgresServer pg = PostgresServer.get();
    private Path dir;
    private String source;

    @BeforeAll
    void database() throws Exception {
        dir = Files.createDirectories(Path.of("target", "row-estimate"));
        source = pg.createDatabase("rowestimate");
        pg.execute(source,
                "CREATE TABLE small (id int, name text)",
                "INSERT INTO small SELECT i, 'name ' || i FROM generate_series(1, 50) i",
                "CREATE TABLE empty (id int)",
                "CREATE TABLE big (id int, email text, note text)",
                "INSERT INTO big SELECT i, 'user' || i || '@example.test', md5(i::text) FROM generate_series(1, 300000) i");
    }

    @AfterAll
    void drop() {
        pg.dropDatabase(source);
    }

    private long estimate(DumpArchive archive, String table) {
        TocEntry data = archive.entries().stream().filter(e -> e.isTableData() && e.tag().equals(table))
                .findFirst().orElseThrow();
        return RowEstimate.of(archive, data);
    }

    @Test
    void aSmallTableIsCountedExactlyAndALargeOneEstimatedWithinAFifth() throws Exception {
        for (List<String> compression : List.<List<String>>of(List.of(), List.of("-Z0"))) {
            Path dump = dir.resolve("estimate" + compression.size() + ".pgsql");
            List<String> cmd = new java.util.ArrayList<>(List.of("pg_dump", "-Fc", "-f", dump.toString(), "-d", source));
            cmd.addAll(compression);
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().putAll(pg.libpqEnv());
            assertEquals(0, pb.start().waitFor());
            DumpArchive archive = DumpArchive.read(dump);

            assertEquals(50, estimate(archive, "small"), archive.compression());
            assertEquals(0, estimate(archive, "empty"), archive.compression());
            long big = estimate(archive, "big");
            assertTrue(big > 240_000 && big < 360_000, archive.compression() + ": " + big + " for 300000 rows");
            Files.delete(dump);
        }
    }
}
