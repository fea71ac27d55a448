package io.stagingsync.preflight;

import io.stagingsync.settings.TargetDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Gives the databases' passwords to the client tools through a mode-600 .pgpass in the private work dir. */
final class PasswordFile {

    private PasswordFile() {
    }

    /** The target's libpq variables, with PGPASSFILE naming a file that holds the target's and the source's lines. */
    static Map<String, String> environment(TargetDatabase target, TargetDatabase liveSource, Path workDir) throws IOException {
        // several targets: the run's own folder serves the source only, each target has its own
        Map<String, String> env = target == null ? new LinkedHashMap<>() : new LinkedHashMap<>(target.libpqEnvironment());
        String lines = Stream.of(target, liveSource).filter(Objects::nonNull).map(TargetDatabase::pgpassLine)
                .filter(Objects::nonNull).map(line -> line + "\n").collect(Collectors.joining());
        if (!lines.isEmpty()) {
            Path file = workDir.resolve(".pgpass");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, lines);
            env.put("PGPASSFILE", file.toString());
        }
        return env;
    }
}
