package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.Backups;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on real third-party databases (STAGING_SYNC_DATASETS): loaded with psql, dumped with pg_dump -Fc,
 * wrapped like a Scalingo backup, synced twice in place with their personal columns masked.
 */
class DatasetAcceptanceTest {

    @TempDir
    Path dir;

    final PostgresServer pg = PostgresServer.get();

    /** The dataset's folder; without STAGING_SYNC_DATASETS the test says loudly that it did not run. */
    static Path datasets(String name) {
        String root = System.getenv("STAGING_SYNC_DATASETS");
        if (root == null || !Files.isDirectory(Path.of(root, name))) {
            String why = name + " acceptance test DID NOT RUN: set STAGING_SYNC_DATASETS to the folder holding " + name + "/";
            System.out.println(why);
            Assumptions.abort(why);
        }
        return Path.of(root, name);
    }

    @Test
    void pagilaIsRestoredWithEveryPersonalColumnMasked() throws IOException {
        Path pagila = datasets("pagila");
        accept("pagila", List.of(pagila.resolve("pagila-schema.sql"), pagila.resolve("pagila-data.sql")), List.of(
                "customer.first_name", "customer.last_name", "customer.email", "staff.first_name", "staff.last_name",
                "staff.email", "staff.username", "staff.password", "staff.picture", "address.address",
                "address.address2", "address.district", "address.postal_code", "address.phone"),
                List.of("rental", "payment", "film"), "SELECT name FROM customer_list WHERE id = 1", "Customer N1");
    }

    @Test
    void chinookIsRestoredWithEveryPersonalColumnMasked() throws IOException {
        // the script creates its own database first: keep what follows its \c
        String script = Files.readString(datasets("chinook").resolve("Chinook_PostgreSql.sql"));
        Path body = dir.resolve("chinook-body.sql");
        Files.writeString(body, script.substring(script.indexOf("\\c chinook;") + "\\c chinook;".length()));
        accept("chinook", List.of(body), List.of("customer.first_name", "customer.last_name", "customer.company",
                "customer.address", "customer.postal_code", "customer.phone", "customer.fax", "customer.email",
                "employee.first_name", "employee.last_name", "employee.birth_date", "employee.address",
                "employee.phone", "employee.email", "invoice.billing_address", "invoice.billing_city",
                "invoice.billing_postal_code"),
                List.of("album", "invoice_line", "track"), "SELECT email FROM customer WHERE customer_id = 1",
                "customer1@example.test");
    }

    private void accept(String name, List<Path> scripts, List<String> masked, List<String> unmasked, String probe,
                        String expected) throws IOException {
        String source = pg.createDatabase(name + "_src");
        String target = pg.createDatabase(name);
        try {
            scripts.forEach(script -> pg.psql(source, script));
            Path dump = dir.resolve(name + ".pgsql");
            pg.pgDump(source, dump);
            Path archive = Backups.scalingoArchive(dump, dir, "20261121000000_" + name + "_1");
            Sync sync = Sync.into(pg.url(target), archive).rules(Path.of("src/test/resources/rules/" + name + ".yaml"));

            long start = System.nanoTime();
            SyncRun run = sync.run();
            System.out.printf("%s acceptance: run took %d ms (archive %d bytes)%n", name,
                    (System.nanoTime() - start) / 1_000_000, Files.size(archive));
            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            for (TableResult t : run.results().tables().values()) {
                assertEquals(0, t.totalSurvivors(), t.table());
            }
            for (String column : masked) {
                String[] tc = column.split("\\.");
                Set<String> survivors = new HashSet<>(Rows.values(target, tc[0], tc[1]));
                survivors.retainAll(Rows.values(source, tc[0], tc[1]));
                assertTrue(survivors.isEmpty(), column + " keeps " + survivors);
            }
            Set<String> tables = Rows.strings(source, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                    + "WHERE schemaname = 'public'");
            assertFalse(tables.isEmpty());
            for (String table : tables) {
                assertEquals(Rows.count(source, table), Rows.count(target, table), table);
            }
            for (String table : unmasked) {
                assertEquals(Rows.checksum(source, table), Rows.checksum(target, table), table);
            }
            String indexes = "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'";
            assertEquals(Rows.single(source, indexes), Rows.single(target, indexes));
            assertEquals(expected, Rows.single(target, probe));

            // over the copy just published: the archive's objects are cleaned and recreated, none is taken for foreign
            SyncRun again = sync.with("sync.target-mode", "in-place").run();
            assertEquals(SyncRun.Status.SUCCESS, again.status(), () -> "second run in place: " + again.error());
        } finally {
            pg.dropDatabaseLater(source);
            pg.dropDatabaseLater(target);
        }
    }
}
