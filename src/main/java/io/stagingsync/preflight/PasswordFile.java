package io.stagingsync.preflight;

import io.stagingsync.settings.TargetDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gives the target's password to the client tools through a mode-600 .pgpass in the private work dir. */
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
