package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data a dump can hide where a plain text sample does not look: nested JSON, arrays, partitions, the far
 * end of a large object, bytea that is binary, compressed or UTF-16. One source dump holds them all.
 */
class PiiScanHostileDumpTest extends FreshTargetTest {

    @TempDir
    static Path shared;
    private static Path dump;
    private static String farLargeObject;

    @BeforeAll
    static void hostileDump() {
        PostgresServer pg = PostgresServer.get();
        String source = pg.createDatabase("pii_hostile");
        try {
            pg.execute(source,
                    "CREATE TABLE events (id int PRIMARY KEY, payload jsonb)",
                    "INSERT INTO events VALUES (1, '{\"contacts\": [[\"x\", {\"mail\": \"nested.mail@example.com\"}]]}')",
                    "CREATE TABLE tags (id int PRIMARY KEY, aliases text[])",
                    "INSERT INTO tags VALUES (1, ARRAY['plain', 'array.mail@example.com'])",
                    "CREATE TABLE measures (id int, note text) PARTITION BY RANGE (id)",
                    "CREATE TABLE measures_low PARTITION OF measures FOR VALUES FROM (0) TO (100)",
                    "INSERT INTO measures VALUES (1, 'partition.mail@example.com')",
                    "CREATE TABLE blobs (id int PRIMARY KEY, garbage bytea, zipped bytea, wide bytea)",
                    "INSERT INTO blobs VALUES (1, '\\xfffe00' || convert_to(' binary.mail@example.com', 'UTF8'), '\\x"
                            + hex(gzip("zipped.mail@example.com")) + "', '\\x"
                            + hex("wide.mail@example.com".getBytes(StandardCharsets.UTF_16LE)) + "')",
                    "SELECT lo_from_bytea(0, convert_to(repeat('x', 1600000) || ' far.mail@example.com', 'UTF8'))");
            farLargeObject = Rows.single(source, "SELECT oid::text FROM pg_largeobject_metadata");
            dump = shared.resolve("hostile.pgsql");
            pg.pgDump(source, dump);
        } finally {
            pg.dropDatabase(source);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void personalDataHiddenInNestedArraysPartitionsFarLargeObjectsAndBinaryByteaIsFound() {
        SyncRun run = Sync.into(pg.url(target), dump).rules(rules("tables: []\n")).run();
        assertEquals(2, run.exitCode(), run::error);
        for (String finding : List.of("public.events.payload (values: email", "public.tags.aliases (values: email",
                "public.measures_low.note (values: email", "public.blobs.garbage (values: email",
                "public.blobs.zipped (values: email", "public.blobs.wide (values: email",
                "large object " + farLargeObject + " (values: email; confidence: high)")) {
            assertTrue(run.error().contains(finding), finding + " in " + run.error());
        }
    }

    @Test
    void theFinalDatabaseScanReadsALargeObjectPastItsFirstMebibyte() throws IOException {
        Sync sync = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: events
                    columns: {payload: "NULL"}
                  - table: tags
                    columns: {aliases: "NULL"}
                  - table: measures_low
                    columns: {note: "NULL"}
                  - table: blobs
                    columns: {garbage: "NULL", zipped: "NULL", wide: "NULL"}
                pii_scan:
                  policy: warn
                """));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        String report = Files.readString(sync.reportDir().resolve("report.json"));
        for (String where : List.of("archive", "final database")) {
            assertTrue(report.contains("PII scan in the " + where + ": 1 column(s) or object(s) look like personal data "
                    + "and are neither masked nor allowed: large object " + farLargeObject + " (values: email; confidence: high)"), where
                    + " in " + report);
        }
    }

    @Test
    void aHundredMegabyteValueWithCopyEscapesIsJudged() {
        PostgresServer server = PostgresServer.get();
        String source = server.createDatabase("pii_huge_value");
        Path huge = shared.resolve("huge.pgsql");
        try {
            server.execute(source, "CREATE TABLE notes (id int PRIMARY KEY, body text)",
                    "INSERT INTO notes VALUES (1, repeat('x', 100000000) || E' \\\\ \\t huge.mail@example.com'), "
                            + "(2, 'short')");
            server.pgDump(source, huge);
        } finally {
            server.dropDatabase(source);
        }
        SyncRun run = Sync.into(pg.url(target), huge).rules(rules("tables: []\n")).run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("public.notes.body (values: email in 1 of 2 sampled; confidence: high)"), run.error());
    }

    @Test
    void aMaterializedViewIsRefreshedFromTheMaskedRowsNotRestoredRaw() {
        PostgresServer server = PostgresServer.get();
        String source = server.createDatabase("pii_matview");
        Path withView = shared.resolve("matview.pgsql");
        try {
            server.execute(source, "CREATE TABLE users (id int PRIMARY KEY, email text)",
                    "INSERT INTO users SELECT i, 'u' || i || '@mail.example.com' FROM generate_series(1, 20) i",
                    "CREATE MATERIALIZED VIEW mailing AS SELECT id, email FROM users");
            server.pgDump(source, withView);
        } finally {
            server.dropDatabase(source);
        }
        SyncRun run = Sync.into(pg.url(target), withView).rules(rules("""
                tables:
                  - table: users
                    columns: {email: "'user' || id || '@example.test'"}
                """)).run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM mailing WHERE email LIKE '%@mail.example.com'"));
        assertEquals("20", Rows.single(target, "SELECT count(*) FROM mailing"));
    }

    @Test
    void aColumnNamedWithANewlineIsScannedLikeAnyOther() {
        PostgresServer server = PostgresServer.get();
        String source = server.createDatabase("pii_newline_name");
        Path odd = shared.resolve("newline.pgsql");
        try {
            server.execute(source, "CREATE TABLE \"odd\ttable\" (id int PRIMARY KEY, \"first\nline\" text)",
                    "INSERT INTO \"odd\ttable\" VALUES (1, 'odd.mail@example.com')");
            server.pgDump(source, odd);
        } finally {
            server.dropDatabase(source);
        }
        SyncRun run = Sync.into(pg.url(target), odd).rules(rules("tables: []\n")).run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("(values: email in 1 of 1 sampled; confidence: high)"), run.error());
    }
}
