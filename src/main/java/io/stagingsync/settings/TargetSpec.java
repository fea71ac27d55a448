package io.stagingsync.settings;

import java.nio.file.Path;
import java.util.List;

/**
 * One target of a run: its name in the report, its database (never printed with its password), how it is replaced,
 * the app name the production guards judge, and its own rules file and hooks (null: the run's).
 */
public record TargetSpec(String name, TargetDatabase database, TargetMode mode, String app, Path rulesFile,
                         List<Path> hooks) {

    @Override
    public String toString() {
        return name + " (" + database + ", " + mode.label() + ")";
    }
}
