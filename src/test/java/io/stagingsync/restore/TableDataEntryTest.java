package io.stagingsync.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tables without a rule are restored by pg_restore straight into the target, and pg_restore runs the SQL an archive
 * entry carries: only an entry pg_dump could have written goes that way.
 */
class TableDataEntryTest extends FreshTargetTest {

    private static final String SCHEMA = "s234567890123456789012345678901234567890";
    /** A long column name: the COPY statement without its column list leaves room for a smuggled statement. */
    private static final String LONG = "c" + "0123456789".repeat(6);
    private static final String RULES = "tables: []\npii_scan: {policy: warn}\n";

    private Path dump() {
        return dumpOf("table_data", "", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".t (id int PRIMARY KEY, " + LONG + " text)",
                "INSERT INTO " + SCHEMA + ".t SELECT g, 'row ' || g FROM generate_series(1, 2500) g",
                "CREATE TABLE public.numbers (n bigint)",
                "INSERT INTO public.numbers SELECT generate_series(1, 1234)");
    }

    @Test
    void unruledTablesArriveWholeCountedInTheArchiveNotInTheTarget() {
        SyncRun run = Sync.into(pg.url(target), dump()).rules(rules(RULES)).run();
        assertEquals(0, run.exitCode(), run::error);
        assertEquals("2500", Rows.single(target, "SELECT count(*) FROM " + SCHEMA + ".t"));
        assertEquals("1234", Rows.single(target, "SELECT count(*) FROM public.numbers"));
        assertEquals(2500, run.results().tables().get(SCHEMA + ".t").archiveRows());
        // numbers has no column the PII scan reads, so nothing counted its rows in the archive: relayed and counted
        assertEquals(1234, run.results().tables().get("public.numbers").archiveRows());
    }

    @Test
    void rowsAnotherSessionAddsToADirectlyRestoredTableFailTheRun() {
        SyncRun run = Sync.into(pg.url(target), dump()).rules(rules(RULES))
                .atRun("load-data", "restore-sequence-values", true, r -> pg.execute(r.target().workDatabase(),
                        "INSERT INTO " + SCHEMA + ".t VALUES (100000, 'planted')"))
                .run();
        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains(SCHEMA + ".t: 2501 rows in the target"), run.error());
    }

    @Test
    void sqlSmuggledIntoADataEntrysCopyStatementIsNeverRun() throws IOException {
        String role = "ss_smuggled_" + ProcessHandle.current().pid();
        Path hostile = dir.resolve("hostile.pgsql");
        byte[] bytes = Files.readAllBytes(dump());
        byte[] copy = ("COPY " + SCHEMA + ".t (id, " + LONG + ") FROM stdin;").getBytes(StandardCharsets.UTF_8);
        // of the same length, so that the archive's offsets stay right
        String smuggled = "CREATE ROLE " + role + "; COPY " + SCHEMA + ".t FROM stdin;";
        byte[] replacement = (smuggled.replace(" FROM", " ".repeat(copy.length - smuggled.length()) + " FROM"))
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(copy.length, replacement.length);
        int at = indexOf(bytes, copy);
        assertTrue(at > 0, "the dump holds the COPY statement");
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        Files.write(hostile, bytes);
        try {
            SyncRun run = Sync.into(pg.url(target), hostile).rules(rules(RULES)).run();
            assertEquals("0", Rows.single("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"),
                    "the archive's SQL ran on the target's server");
            assertEquals(1, run.exitCode(), run::error);
            assertTrue(run.error().contains("no COPY block"), run.error());
        } finally {
            pg.execute("postgres", "DROP ROLE IF EXISTS " + role);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
