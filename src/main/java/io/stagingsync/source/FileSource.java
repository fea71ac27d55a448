package io.stagingsync.source;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The {@code file:} source: a backup already on disk (a Scalingo .tar.gz, or a bare pg_dump -Fc file). */
public final class FileSource {

    private final SyncSettings settings;

    public FileSource(SyncSettings settings) {
        this.settings = settings;
    }

    public void fetch(SyncRun run) {
        Path file = settings.source().path();
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            run.backup().info(new RunBackup.Info(null, file.getFileName().toString(),
                    attrs.lastModifiedTime().toInstant(), attrs.size(), settings.source().describe()));
        } catch (IOException e) {
            throw new SyncFailure("the backup file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
