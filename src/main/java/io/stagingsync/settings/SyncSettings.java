package io.stagingsync.settings;

import java.nio.file.Path;
import java.time.Duration;

/** The validated settings of one run, read from application.properties and the environment. */
public record SyncSettings(
        TargetDatabase target,
        String app,
        SourceSpec source,
        String sourceApp,
        Path rulesFile,
        TargetMode targetMode,
        int parallelism,
        Path workDir,
        Path reportDir,
        boolean dryRun,
        String pgBinDir,
        Duration lockTimeout,
        Duration toolTimeout) {
}
