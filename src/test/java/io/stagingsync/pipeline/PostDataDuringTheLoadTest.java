package io.stagingsync.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A table's keys and indexes are built as soon as its rows are loaded, while another table still loads: observed with
 * the masked table held before its masking. What needs a table still loading (a foreign key to it, the keys of a table
 * its rule reads) waits for it; triggers and materialized views wait for restore-post.
 */
class PostDataDuringTheLoadTest extends FreshTargetTest {

    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    @AfterEach
    void letTheRunGo() {
        resume.countDown();
    }

    private Path dump() {
        return dumpOf("overlap", "",
                "CREATE TABLE cities (id int, name text)",
                "CREATE TABLE people (id int, email text NOT NULL, nickname text)",
                "CREATE TABLE things (id int, owner_id int, label text)",
                "CREATE TABLE orders (id int, thing_id int, at date) PARTITION BY RANGE (at)",
                "CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "INSERT INTO cities SELECT i, 'City ' || i FROM generate_series(1, 20) i",
                "INSERT INTO people SELECT i, 'person.' || i || '@mail.test', 'nick ' || i FROM generate_series(1, 200) i",
                "INSERT INTO things SELECT i, 1 + i % 200, 'thing ' || i FROM generate_series(1, 500) i",
                "INSERT INTO orders SELECT i, 1 + i % 500, date '2024-01-01' + i % 700 FROM generate_series(1, 2000) i",
                "ALTER TABLE cities ADD PRIMARY KEY (id)",
                "ALTER TABLE people ADD PRIMARY KEY (id), ADD UNIQUE (email)",
                "ALTER TABLE things ADD PRIMARY KEY (id), ADD FOREIGN KEY (owner_id) REFERENCES people (id)",
                "CREATE INDEX things_label_idx ON things (label)",
                "CREATE TRIGGER things_touch BEFORE UPDATE ON things FOR EACH ROW EXECUTE FUNCTION touch()",
                "ALTER TABLE orders ADD PRIMARY KEY (id, at), ADD FOREIGN KEY (thing_id) REFERENCES things (id)",
                "CREATE INDEX orders_thing_id_idx ON orders (thing_id)",
                "CREATE MATERIALIZED VIEW thing_orders AS SELECT thing_id, count(*) AS n FROM orders GROUP BY 1");
    }

    private Sync sync() {
        return Sync.into(pg.url(target), dump()).rules(rules("""
                tables:
                  - table: people
                    columns:
                      email: "'person' || id || '@example.test'"
                      nickname: "(SELECT 'from ' || c.name FROM public.cities c WHERE c.id = 1)"
                pii_scan: {policy: warn}
                """)).with(Map.of("sync.target-mode", "in-place", "sync.parallelism", "3"));
    }

    private boolean exists(String relation) {
        return "t".equals(Rows.single(target, "SELECT to_regclass('public." + relation + "') IS NOT NULL"));
    }

    private boolean constraint(String name) {
        return "t".equals(Rows.single(target, "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '" + name
                + "' AND convalidated)"));
    }

    @Test
    void aLoadedTablesKeysAndIndexesAreBuiltWhileAnotherTableStillLoads() throws Exception {
        CompletableFuture<SyncRun> running = CompletableFuture.supplyAsync(
                () -> sync().pauseBefore("load-table", "mask-table", reached, resume).run());
        assertTrue(reached.await(5, TimeUnit.MINUTES), "the masked table reached its masking");

        // people is held before its masking: every other table loads meanwhile, and its own keys are built
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                exists("things_label_idx") && constraint("things_pkey") && constraint("orders_thing_id_fkey")
                        && "t".equals(Rows.single(target, "SELECT indisvalid FROM pg_index "
                                + "WHERE indexrelid = to_regclass('public.orders_pkey')"))
                        && Rows.count(target, "cities") == 20);
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM people"), "people is still loading");
        assertTrue(exists("orders_2024_thing_id_idx") && exists("orders_2025_pkey"), "the partitions' own keys too");
        for (String waiting : List.of("people_pkey", "people_email_key", "things_owner_id_fkey", "cities_pkey")) {
            assertEquals("f", Rows.single(target, "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '"
                    + waiting + "')"), waiting + " waits for people (its rule reads cities)");
        }
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM pg_trigger WHERE tgname = 'things_touch'"),
                "triggers wait for restore-post");
        assertEquals("f", Rows.single(target, "SELECT relispopulated FROM pg_class WHERE oid = 'public.thing_orders'::regclass"),
                "materialized views wait for restore-post");
        resume.countDown();

        SyncRun run = running.get(5, TimeUnit.MINUTES);
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        for (String built : List.of("people_pkey", "people_email_key", "things_owner_id_fkey", "cities_pkey",
                "things_pkey", "orders_pkey", "orders_thing_id_fkey")) {
            assertTrue(constraint(built), built + " exists, validated");
        }
        assertEquals("1", Rows.single(target, "SELECT count(*) FROM pg_trigger WHERE tgname = 'things_touch'"));
        assertEquals("1000", Rows.single(target, "SELECT sum(n) FROM thing_orders WHERE thing_id <= 250"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM people WHERE email NOT LIKE '%@example.test'"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
    }
}
