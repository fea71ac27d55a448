package io.stagingsync.run;

import io.stagingsync.settings.SourceSpec;

/**
 * What one run was asked to do: its command and the per-run choices made when it began (DRY_RUN, the source and
 * target app it names in the report). Settings themselves stay with the beans.
 *
 * @param app the target app's name (APP), empty when unset
 */
public record RunOptions(Command command, boolean dryRun, SourceSpec source, String app) {

    /** A run whose source and app are not known (a run refused before it began, a test). */
    public static RunOptions of(Command command) {
        return new RunOptions(command, false, null, "");
    }

    /** Stops after the plan: the plan and init commands, or DRY_RUN=true. */
    public boolean planOnly() {
        return command == Command.PLAN || command == Command.INIT || dryRun;
    }

    /** A MongoDB source, read document by document with no archive: the pipeline takes its own stages. */
    public boolean documentSource() {
        return source != null && source.isDocuments();
    }
}
