package io.stagingsync.restore;

import io.stagingsync.failure.SyncFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds the PostgreSQL client tools and picks a pg_restore able to read the dump at hand. */
public final class PgTools {

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    /** A client binary and the version it reports. */
    public record Tool(String command, String version, int major) {
        @Override
        public String toString() {
            return command + " " + version;
        }
    }

    private final String configuredBinDir;

    public PgTools(String configuredBinDir) {
        this.configuredBinDir = configuredBinDir == null ? "" : configuredBinDir.trim();
    }

    /** The pg_restore that would be used for a dump of unknown version (preflight). */
    public Tool pgRestore() {
        return atLeast("pg_restore", 0, "");
    }

    /** A pg_restore at least as new as the pg_dump that wrote the archive. */
    public Tool pgRestoreFor(String pgDumpVersion, int pgDumpMajor) {
        return atLeast("pg_restore", pgDumpMajor, "the dump was written by pg_dump " + pgDumpVersion);
    }

    /** A pg_dump at least as new as the server it reads (an older one refuses to dump it). */
    public Tool pgDumpFor(String serverVersion, int serverMajor) {
        return atLeast("pg_dump", serverMajor, "the source server is PostgreSQL " + serverVersion);
    }

    private Tool atLeast(String name, int major, String because) {
        List<Tool> found = candidates(name);
        if (found.isEmpty()) {
            throw new SyncFailure(name + " was not found" + where() + ": install the PostgreSQL client tools "
                    + "(Debian: postgresql-client) or set SYNC_PG_BIN_DIR to their bin directory");
        }
        Optional<Tool> usable = found.stream().filter(t -> t.major() >= major).findFirst();
        if (usable.isEmpty()) {
            Tool newest = found.stream().max(Comparator.comparingInt(Tool::major)).orElseThrow();
            throw new SyncFailure(because + " but the newest " + name + " here is " + newest.version() + " ("
                    + newest.command() + "), which cannot handle it: install the PostgreSQL " + major
                    + " client tools (Debian: postgresql-client-" + major + "; container: --build-arg PG_MAJOR=" + major
                    + ") or set SYNC_PG_BIN_DIR to their bin directory");
        }
        return usable.get();
    }

    private String where() {
        return configuredBinDir.isEmpty() ? " on the PATH" : " in SYNC_PG_BIN_DIR=" + configuredBinDir;
    }

    /** The configured directory only; else the PATH first, then Debian's versioned directories, newest first. */
    private List<Tool> candidates(String name) {
        List<Tool> tools = new ArrayList<>();
        if (!configuredBinDir.isEmpty()) {
            probe(Path.of(configuredBinDir, name).toString()).ifPresent(tools::add);
            return tools;
        }
        List<Tool> debian = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (Stream<Path> dirs = Files.list(DEBIAN_VERSIONS)) {
                dirs.map(d -> d.resolve("bin").resolve(name)).filter(Files::isExecutable)
                        .map(p -> probe(p.toString())).flatMap(Optional::stream)
                        .sorted(Comparator.comparingInt(Tool::major).reversed())
                        .forEach(debian::add);
            } catch (IOException e) {
                // an unreadable directory only means fewer candidates
            }
        }
        // Debian's PATH entry is pg_wrapper, a Perl script that costs about 50 ms of CPU per call before it runs the
        // same binary: a run calls pg_restore once per table, so the binary of the same version is called directly
        probe(name).map(onPath -> debian.stream().filter(d -> d.version().equals(onPath.version())).findFirst()
                .orElse(onPath)).ifPresent(tools::add);
        tools.addAll(debian);
        return tools;
    }

    static Optional<Tool> probe(String command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command, "--version").redirectErrorStream(true);
            PgProcess.keepOnlyBasics(pb.environment());
            Process p = pb.start();
            // one line of output fits in the pipe: wait first, so that a hanging binary cannot block the run
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            String version = out.replaceFirst("^.*?\\)\\s*", "").split("\\s")[0];
            int major = Integer.parseInt(version.replaceFirst("^(\\d+).*$", "$1"));
            return Optional.of(new Tool(command, version, major));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
