package io.stagingsync.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.testing.Backups;
import io.stagingsync.testing.SampleDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile archives: bombs cost neither the disk nor the time to unpack them, names never forge a line. */
class ArchiveUnpackerTest {

    private static final long TWO_GIB = 2L << 30;
    private static final int RATIO = 100;

    private final ArchiveUnpacker unpacker = new ArchiveUnpacker();
    private Path dir;
    private Path workDir;

    @BeforeEach
    void directories() throws IOException {
        dir = Files.createDirectories(Path.of("target", "hostile-archives")).resolve("t" + System.nanoTime());
        workDir = Files.createDirectories(dir.resolve("work"));
    }

    @AfterEach
    void removeDirectories() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aGzipBombIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path bomb = bomb("20261121000000_app.pgsql", "PGDMP".getBytes(StandardCharsets.US_ASCII), TWO_GIB);
        long archiveBytes = Files.size(bomb);
        assertTrue(archiveBytes < 4 << 20, "a small archive: " + archiveBytes);

        SyncFailure fromFile = assertThrows(SyncFailure.class,
                () -> unpacker.unpack(bomb, workDir, new ArchiveUnpacker.Budget(archiveBytes, RATIO)));
        assertRefusedAsBomb(fromFile);
        try (InputStream download = Files.newInputStream(bomb)) {
            SyncFailure fromDownload = assertThrows(SyncFailure.class, () -> unpacker.unpack(download,
                    "20261121000000_app.tar.gz", workDir, new ArchiveUnpacker.Budget(archiveBytes, RATIO)));
            assertRefusedAsBomb(fromDownload);
        }
    }

    @Test
    void aBombInAMemberThatIsNotTheDumpIsNotUnpackedToItsEnd() throws IOException {
        // nothing of it would be written, but gunzipping 2 GiB is its own denial of service
        Path bomb = bomb("padding.bin", new byte[0], TWO_GIB);
        SyncFailure e = assertThrows(SyncFailure.class,
                () -> unpacker.unpack(bomb, workDir, new ArchiveUnpacker.Budget(Files.size(bomb), RATIO)));
        assertTrue(e.getMessage().contains("unpacks to at least") && e.getMessage().contains("SYNC_UNPACK_MAX_RATIO"),
                e.getMessage());
        assertWorkDirEmpty();
    }

    @Test
    void theSignatureIsCheckedBeforeTheMemberIsWritten() throws IOException {
        // within any ratio the operator allows, but no dump: not one byte of its 64 MiB reaches the disk
        Path zeros = bomb("20261121000000_app.pgsql", new byte[0], 64L << 20);
        SyncFailure e = assertThrows(SyncFailure.class,
                () -> unpacker.unpack(zeros, workDir, new ArchiveUnpacker.Budget(Files.size(zeros), 100_000)));
        assertTrue(e.getMessage().contains("no PGDMP signature"), e.getMessage());
        assertWorkDirEmpty();
    }

    @Test
    void aDumpWithinTheBudgetIsUnpackedWithItsChecksum() throws IOException {
        Path archive = Backups.scalingoArchive(SampleDatabase.get().dump(), dir, "20261121000000_app");
        ArchiveUnpacker.Unpacked unpacked = unpacker.unpack(archive, workDir,
                new ArchiveUnpacker.Budget(Files.size(archive), 2));
        // a custom-format dump is compressed already: its archive unpacks to about its own size, tar's padding aside
        assertEquals(Files.size(SampleDatabase.get().dump()), Files.size(unpacked.dump()));
        assertEquals(64, unpacked.sha256().length());
    }

    @Test
    void memberNamesWithControlCharactersArePrintedEscaped() throws IOException {
        String forged = "x\n2026-12-04 04:00:00.000 [INFO] RunLifecycle - sync finished: success \u001b[2K\u001b[1A";
        Path notADump = Backups.archiveWithMember(dir, forged + ".pgsql", "hello".getBytes(StandardCharsets.UTF_8), false);
        SyncFailure e = assertThrows(SyncFailure.class,
                () -> unpacker.unpack(notADump, workDir, new ArchiveUnpacker.Budget(Files.size(notADump), RATIO)));
        assertEscaped(e.getMessage());
        assertTrue(e.getMessage().contains("x\\n2026-12-04 04:00:00.000 [INFO]") && e.getMessage().contains("\\u001b[2K"),
                e.getMessage());

        Path link = Backups.archiveWithMember(dir, forged + ".pgsql", new byte[0], true);
        assertEscaped(assertThrows(SyncFailure.class,
                () -> unpacker.unpack(link, workDir, new ArchiveUnpacker.Budget(Files.size(link), RATIO))).getMessage());

        Path traversal = Backups.archiveWithMember(dir, "../" + forged, new byte[0], false);
        assertEscaped(assertThrows(SyncFailure.class,
                () -> unpacker.unpack(traversal, workDir, new ArchiveUnpacker.Budget(Files.size(traversal), RATIO)))
                .getMessage());
    }

    @Test
    void aSkippedMemberIsLoggedEscaped() throws IOException {
        String forged = "notes\n2026-12-04 04:00:00.000 [INFO] RunLifecycle - sync finished: success\u001b[1A.txt";
        Path archive = Backups.archiveWithMember(dir, forged, "hello".getBytes(StandardCharsets.UTF_8), false);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThrows(SyncFailure.class,
                    () -> unpacker.unpack(archive, workDir, new ArchiveUnpacker.Budget(Files.size(archive), RATIO)));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        String line = log.lines().filter(l -> l.contains("skipping archive member")).findFirst().orElseThrow(() ->
                new AssertionError("no line for the skipped member in: " + log));
        assertTrue(line.contains("notes\\n2026-12-04 04:00:00.000 [INFO] RunLifecycle") && line.contains("\\u001b[1A"), line);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("2026-12-04 04:00:00.000")), "no forged line: " + log);
        assertFalse(log.contains("\u001b"), log);
    }

    @Test
    void tableNamesOfTheDumpAreShownEscaped() {
        assertEquals("public.users\\n[ERROR] x\\u001b[31m", new QualifiedName("public", "users\n[ERROR] x\u001b[31m").toString());
        assertEquals("\"public\".\"users\n\"", new QualifiedName("public", "users\n").sql(), "SQL keeps the real name");
        assertEquals("a\\u2028b\\u202ec\\td\\r", PrintableName.of("a\u2028b\u202ec\td\r"));
        assertEquals("café_ünïcode", PrintableName.of("café_ünïcode"));
    }

    private static void assertEscaped(String message) {
        assertFalse(message.contains("\n") || message.contains("\u001b"), "raw control characters in: " + message);
    }

    private void assertRefusedAsBomb(SyncFailure e) throws IOException {
        assertTrue(e.getMessage().contains("declares " + TWO_GIB + " bytes") && e.getMessage().contains("SYNC_UNPACK_MAX_RATIO=100")
                && e.getMessage().contains("decompression bomb"), e.getMessage());
        assertWorkDirEmpty();
    }

    private void assertWorkDirEmpty() throws IOException {
        try (Stream<Path> files = Files.list(workDir)) {
            assertEquals(List.of(), files.toList(), "nothing left in the work directory");
        }
    }

    private Path bomb(String memberName, byte[] head, long size) throws IOException {
        return Backups.gzipBomb(dir.resolve("bomb.tar.gz"), memberName, head, size);
    }
}
