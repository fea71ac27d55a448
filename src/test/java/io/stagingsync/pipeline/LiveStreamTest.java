package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.CuttingProxy;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** SYNC_LIVE_SOURCE_MODE=stream: the schema dumped in one snapshot, each table's rows copied from it into the load. */
class LiveStreamTest extends FreshTargetTest {

    private static final String CONSISTENCY_RULES = """
            tables:
              - table: child
                columns:
                  note: "'masked'"
            pii_scan: {policy: warn}
            """;

    @Test
    void aStreamedLiveSourceGivesTheSameMaskedTargetAsItsDumpAndWritesNoRowsToDisk() {
        String dumped = pg.createDatabase("livedump");
        try {
            SyncRun dumpRun = Sync.into(pg.url(dumped), sample.archive()).with("sync.source", pg.url(sample.sourceDb()))
                    .with("sync.live-source.mode", "dump").run();
            assertEquals(SyncRun.Status.SUCCESS, dumpRun.status(), dumpRun::error);
            List<Path> workFiles = new CopyOnWriteArrayList<>();
            SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.source", pg.url(sample.sourceDb()))
                    .atRun("load-data", "release-live-snapshot", true, r -> workFiles.addAll(filesUnder(r.workDir())))
                    .run();

            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            assertTrue(run.results().verificationPassed(), () -> String.valueOf(run.results().verificationProblems()));
            assertEquals(dumpRun.results().tables().keySet(), run.results().tables().keySet());
            for (TableResult table : run.results().tables().values()) {
                assertEquals(0, table.totalSurvivors(), table.table());
                assertEquals(dumpRun.results().tables().get(table.table()).rows(), table.rows(), table.table());
            }
            for (String table : Rows.strings(target, "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'")) {
                assertEquals(Rows.checksum(dumped, table), Rows.checksum(target, table), table);
            }
            assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE email NOT LIKE '%@example.test'"));
            assertEquals(Rows.single(sample.sourceDb(), "SELECT last_value FROM users_id_seq"),
                    Rows.single(target, "SELECT last_value FROM users_id_seq"));
            // what the work directory held once every row was loaded: the schema and pg_restore's lists, no rows
            Set<String> names = new TreeSet<>(workFiles.stream().map(p -> p.getFileName().toString()).toList());
            assertTrue(names.contains("schema.pgsql"), names::toString);
            assertTrue(names.stream().allMatch(n -> n.equals("schema.pgsql") || n.equals(".in-use")
                    || n.endsWith(".list") && !n.startsWith("data-")), names::toString);
        } finally {
            pg.dropDatabase(dumped);
        }
    }

    @Test
    void tablesStreamedWhileTheSourceIsWrittenAgreeWithEachOther() throws Exception {
        String source = pg.createDatabase("livewrites");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        List<Throwable> writerFailures = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> write(source, stop, commits, writerFailures), "source-writer");
        try {
            pg.execute(source,
                    "CREATE TABLE parent (id bigserial PRIMARY KEY, filler text NOT NULL)",
                    "CREATE TABLE child (id bigserial PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parent, note text)",
                    "INSERT INTO parent (filler) SELECT repeat('p', 200) FROM generate_series(1, 100000)",
                    "INSERT INTO child (parent_id, note) SELECT id, 'note ' || id FROM parent",
                    "SELECT lo_from_bytea(0, 'a large object beside the streamed rows')");
            writer.start();
            AtomicLong atLoadStart = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<String> locked = new java.util.concurrent.atomic.AtomicReference<>();
            AtomicLong atLoadEnd = new AtomicLong();
            SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.source", pg.url(source))
                    .with("sync.parallelism", "1").rules(rules(CONSISTENCY_RULES))
                    .at("load-data", "split-tables", true, () -> {
                        // the snapshot is taken: rows committed from here on must reach neither table
                        locked.set(Rows.single(source, "SELECT count(DISTINCT c.relname) FROM pg_locks l JOIN pg_class c "
                                + "ON c.oid = l.relation WHERE c.relname IN ('parent', 'child') "
                                + "AND l.mode = 'AccessShareLock' AND l.granted AND l.pid <> pg_backend_pid()"));
                        long seen = commits.get();
                        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> commits.get() >= seen + 20);
                        atLoadStart.set(commits.get());
                    })
                    .at("load-data", "release-live-snapshot", true, () -> atLoadEnd.set(commits.get()))
                    .run();
            stop.set(true);
            writer.join(60_000);

            assertTrue(writerFailures.isEmpty(), writerFailures::toString);
            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            assertTrue(atLoadEnd.get() > atLoadStart.get(), "the writer committed nothing while the tables were copied");
            assertEquals("2", locked.get(), "the source's tables are not locked against DDL until they are read");
            long parents = Rows.count(target, "parent");
            assertEquals(parents, Rows.count(target, "child"));
            assertEquals("0", Rows.single(target,
                    "SELECT count(*) FROM child c WHERE NOT EXISTS (SELECT 1 FROM parent p WHERE p.id = c.parent_id)"));
            assertTrue(Rows.count(source, "parent") > parents + 20, "rows written after the snapshot reached the target");
            assertEquals("0", Rows.single(target, "SELECT count(*) FROM child WHERE note <> 'masked'"));
            // sequence values and large objects come with the schema file, not the streamed rows
            assertEquals("t", Rows.single(target, "SELECT last_value >= (SELECT max(id) FROM parent) FROM parent_id_seq"));
            assertEquals("a large object beside the streamed rows", Rows.single(target,
                    "SELECT convert_from(lo_get(oid), 'UTF8') FROM pg_largeobject_metadata"));
        } finally {
            stop.set(true);
            writer.join(60_000);
            pg.dropDatabase(source);
        }
    }

    @Test
    void aSourceLostInTheMiddleOfATableFailsTheRunClosed() throws Exception {
        String source = pg.createDatabase("livecut");
        try (CuttingProxy proxy = new CuttingProxy(pg.port(), 4 << 20)) {
            pg.execute(source,
                    "CREATE TABLE parent (id bigserial PRIMARY KEY, filler text NOT NULL)",
                    "CREATE TABLE child (id bigserial PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parent, note text)",
                    "INSERT INTO parent (filler) SELECT repeat('p', 200) FROM generate_series(1, 100000)",
                    "INSERT INTO child (parent_id, note) SELECT id, 'note ' || id FROM parent");
            String url = pg.url(source).replace(":" + pg.port() + "/", ":" + proxy.port() + "/");
            SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.source", url)
                    .with("sync.target-mode", "in-place").rules(rules(CONSISTENCY_RULES)).run();

            assertEquals(SyncRun.Status.FAILED, run.status(), run::error);
            assertEquals(1, run.exitCode(), run::error);
            assertTrue(proxy.cuts() > 0, "the proxy never cut a connection");
            assertTrue(run.error().contains("parent") && run.error().contains("from the live source failed"), run.error());
            // in place, a failed run leaves the target empty of data
            assertFalse(Rows.tableExists(target, "parent") && Rows.count(target, "parent") > 0);
            assertFalse(Rows.tableExists(target, "child") && Rows.count(target, "child") > 0);
        } finally {
            pg.dropDatabase(source);
        }
    }

    /** One parent and its child per transaction, until stopped (bounded at two minutes). */
    private void write(String source, AtomicBoolean stop, AtomicLong commits, List<Throwable> failures) {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Connection c = pg.connect(source); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            while (!stop.get() && System.nanoTime() < end) {
                s.execute("WITH p AS (INSERT INTO parent (filler) VALUES ('written during the run') RETURNING id) "
                        + "INSERT INTO child (parent_id, note) SELECT id, 'late ' || id FROM p");
                c.commit();
                commits.incrementAndGet();
            }
        } catch (SQLException | RuntimeException e) {
            failures.add(e);
        }
    }

    private static List<Path> filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
