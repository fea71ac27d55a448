package io.stagingsync.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.testing.SampleDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of contents read in Java is the one the real pg_restore sees. */
class DumpArchiveTest {

    @TempDir
    Path dir;

    @Test
    void tableOfContentsMatchesPgRestoreList() throws Exception {
        Path dump = SampleDatabase.get().dump();
        DumpArchive archive = DumpArchive.read(dump);
        Process p = new ProcessBuilder("pg_restore", "-l", dump.toString()).start();
        List<String> listed = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                String[] parts = line.split(";", 2);
                listed.add(parts[0]);
            }
        }
        assertEquals(0, p.waitFor());
        List<String> ours = archive.entries().stream()
                .filter(e -> !List.of("ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE").contains(e.desc()))
                .map(e -> Integer.toString(e.dumpId())).toList();
        assertEquals(listed, ours);
        assertTrue(archive.isCustomFormat());
        assertTrue(archive.pgDumpVersion().matches("\\d+\\.\\d+.*"), archive.pgDumpVersion());
        TocEntry users = archive.entries().stream()
                .filter(e -> e.isTableData() && e.tag().equals("users")).findFirst().orElseThrow();
        assertEquals("public", users.namespace());
        assertEquals(List.of("id", "email", "first_name", "last_name", "birth_date", "created_at"),
                QualifiedName.columnList(users.copyStmt()));
        assertTrue(users.dataLength() > 0);
    }

    @Test
    void truncatedTableOfContentsIsReportedAsTruncated() throws IOException {
        byte[] bytes = Files.readAllBytes(SampleDatabase.get().dump());
        Path cut = dir.resolve("cut.pgsql");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 600));
        SyncFailure e = assertThrows(SyncFailure.class, () -> DumpArchive.read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void qualifiedNamesAreReadAsPgDumpWritesThem() {
        assertEquals(new QualifiedName("public", "AuditTrail"), QualifiedName.parseAt("public.\"AuditTrail\"(\"Id\")"));
        assertEquals(new QualifiedName("billing", "a\"b"), QualifiedName.parseAt("billing.\"a\"\"b\" FOR VALUES"));
        assertEquals(List.of("Id", "Action", "a,b"), QualifiedName.columnList("COPY public.x (\"Id\", \"Action\", \"a,b\") FROM stdin;"));
    }
}
