package io.stagingsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The setting that points a run at the PostgreSQL client binaries themselves. On Debian, pg_restore on the PATH is
 * pg_wrapper, a Perl script that picks a version and then runs the same binary: about 50 ms of CPU per call, and a
 * run calls pg_restore once per table (and per table scanned). For tests that do not test how the tools are found.
 */
public final class PgClientTools {

    private static final Map<String, String> DIRECT = find();

    private PgClientTools() {
    }

    /**
     * {@code sync.tools.pg-bin-dir} set to the newest {@code /usr/lib/postgresql/<major>/bin} holding pg_restore and
     * pg_dump, the directory the wrapper would run from (the test server is local); no setting where there is none.
     */
    public static Map<String, String> direct() {
        return DIRECT;
    }

    private static Map<String, String> find() {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Map.of();
        }
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .map(d -> d.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_restore")) && Files.isExecutable(bin.resolve("pg_dump")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .map(bin -> Map.of("sync.tools.pg-bin-dir", bin.toString()))
                    .orElse(Map.of());
        } catch (IOException e) {
            return Map.of();
        }
    }
}
