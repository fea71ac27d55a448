package io.stagingsync.preflight;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.Settings;
import io.stagingsync.settings.SyncSettings;
import java.io.Console;
import java.util.function.Function;

/**
 * SYNC_CONFIRM=true: a `run` typed at a terminal goes on only once the operator types the target app's name.
 * Skipped with --yes and in CI (CI or CONTINUOUS_INTEGRATION true or 1, any case); refused without a terminal,
 * where nobody could answer. Scheduled and API runs never ask.
 */
public final class Confirmation {

    /** Where the question is asked; {@link #readLine} answers null when there is no terminal. */
    public interface Terminal {
        boolean present();

        String readLine(String prompt);
    }

    private final Settings.Confirm settings;
    private final SyncSettings sync;
    private final Function<String, String> environment;
    private final Terminal terminal;

    public Confirmation(Settings settings, Function<String, String> environment, Terminal terminal) {
        this.settings = settings.confirm();
        this.sync = settings.sync();
        this.environment = environment;
        this.terminal = terminal;
    }

    /** The process's own terminal. */
    public static Terminal console() {
        return new Terminal() {
            @Override
            public boolean present() {
                return System.console() != null;
            }

            @Override
            public String readLine(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s%n", prompt);
            }
        };
    }

    public void confirm(SyncRun run) {
        if (!settings.enabled() || !settings.interactive() || run.isPlanOnly() || run.isCheckOnly()) {
            return;
        }
        if (settings.assumeYes()) {
            run.results().note("confirmation skipped: --yes");
            return;
        }
        String ci = ci();
        if (ci != null) {
            run.results().note("confirmation skipped: " + ci);
            return;
        }
        String app = sync.app();
        String expected = app == null || app.isEmpty() ? sync.target().database() : app;
        if (!terminal.present()) {
            throw new RefusedException("SYNC_CONFIRM=true asks for the target's name at a terminal and there is "
                    + "none: run it with --yes, or set CI=true in a CI job");
        }
        String typed = terminal.readLine("This replaces the data of " + sync.target() + " with the "
                + "anonymized backup. Type " + expected + " to continue:");
        if (typed == null || !typed.trim().equals(expected)) {
            throw new RefusedException("confirmation failed: " + expected + " was not typed; nothing was changed");
        }
        run.results().note("confirmed at the terminal");
    }

    private String ci() {
        for (String name : new String[] {"CI", "CONTINUOUS_INTEGRATION"}) {
            String v = environment.apply(name);
            if (v != null && (v.trim().equalsIgnoreCase("true") || v.trim().equals("1"))) {
                return name + "=" + v.trim();
            }
        }
        return null;
    }
}
