package io.stagingsync.preflight;

import io.stagingsync.settings.TargetDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands the target's password to pg_restore through a mode-600 .pgpass in the run's private work directory
 * (deleted with it), so that it is neither on a command line nor in a child process's environment.
 */
final class PasswordFile {

    private PasswordFile() {
    }

    static Map<String, String> environment(TargetDatabase target, Path workDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(target.libpqEnvironment());
        String line = target.pgpassLine();
        if (line != null) {
            Path file = workDir.resolve(".pgpass");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, line + "\n");
            env.put("PGPASSFILE", file.toString());
        }
        return env;
    }
}
