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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on a real third-party database: Pagila (partitioned payments, enum, domain, tsvector trigger, views,
 * a materialized view), loaded with psql, dumped with pg_dump -Fc, wrapped like a Scalingo backup and synced with
 * its personal columns masked. The dataset folder comes from STAGING_SYNC_DATASETS.
 */
class PagilaAcceptanceTest {

    static final List<String[]> MASKED = List.of(
            new String[] {"customer", "first_name"}, new String[] {"customer", "last_name"}, new String[] {"customer", "email"},
            new String[] {"staff", "first_name"}, new String[] {"staff", "last_name"}, new String[] {"staff", "email"},
            new String[] {"staff", "username"}, new String[] {"staff", "password"}, new String[] {"staff", "picture"},
            new String[] {"address", "address"}, new String[] {"address", "address2"}, new String[] {"address", "district"},
            new String[] {"address", "postal_code"}, new String[] {"address", "phone"});

    @TempDir
    Path dir;

    @Test
    void pagilaIsRestoredWithEveryPersonalColumnMasked() throws Exception {
        String datasets = System.getenv("STAGING_SYNC_DATASETS");
        if (datasets == null || !Files.isDirectory(Path.of(datasets, "pagila"))) {
            String why = "Pagila acceptance test DID NOT RUN: set STAGING_SYNC_DATASETS to the folder holding pagila/";
            System.out.println(why);
            Assumptions.abort(why);
        }
        PostgresServer pg = PostgresServer.get();
        String source = pg.createDatabase("pagila_src");
        String target = pg.createDatabase("pagila");
        try {
            pg.psql(source, Path.of(datasets, "pagila", "pagila-schema.sql"));
            pg.psql(source, Path.of(datasets, "pagila", "pagila-data.sql"));
            Path dump = dir.resolve("pagila.pgsql");
            pg.pgDump(source, dump);
            Path archive = Backups.scalingoArchive(dump, dir, "20261121000000_pagila_1");

            long start = System.nanoTime();
            SyncRun run = Sync.into(pg.url(target), archive).rules(Path.of("src/test/resources/rules/pagila.yaml")).run();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("Pagila acceptance: run took %d ms (archive %d bytes)%n", millis, Files.size(archive));

            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            for (TableResult t : run.tables().values()) {
                assertEquals(0, t.totalSurvivors(), t.table());
            }
            for (String[] tc : MASKED) {
                Set<String> original = Rows.values(source, tc[0], tc[1]);
                Set<String> survivors = new HashSet<>(Rows.values(target, tc[0], tc[1]));
                survivors.retainAll(original);
                assertTrue(survivors.isEmpty(), tc[0] + "." + tc[1] + " keeps " + survivors);
            }
            Set<String> tables = Rows.strings(source, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                    + "WHERE schemaname = 'public'");
            assertFalse(tables.isEmpty());
            for (String table : tables) {
                assertEquals(Rows.count(source, table), Rows.count(target, table), table);
            }
            assertEquals(Rows.checksum(source, "rental"), Rows.checksum(target, "rental"));
            assertEquals(Rows.checksum(source, "payment"), Rows.checksum(target, "payment"));
            assertEquals(Rows.single(source, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"),
                    Rows.single(target, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"));
            assertEquals("Customer N1", Rows.single(target, "SELECT name FROM customer_list WHERE id = 1"));
        } finally {
            pg.dropDatabase(source);
            pg.dropDatabase(target);
        }
    }
}
