package io.stagingsync.preflight;

import io.stagingsync.run.RefusedException;
import io.stagingsync.run.SyncRun;
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

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Terminal terminal;

    public Confirmation(Function<String, String> properties, Function<String, String> environment, Terminal terminal) {
        this.properties = properties;
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
        if (!flag("sync.confirm") || !flag("sync.confirm.interactive") || run.isPlanOnly() || run.isCheckOnly()) {
            return;
        }
        if (flag("sync.confirm.assume-yes")) {
            run.note("confirmation skipped: --yes");
            return;
        }
        String ci = ci();
        if (ci != null) {
            run.note("confirmation skipped: " + ci);
            return;
        }
        String app = run.settings().app();
        String expected = app == null || app.isEmpty() ? run.settings().target().database() : app;
        if (!terminal.present()) {
            throw new RefusedException("SYNC_CONFIRM=true asks for the target's name at a terminal and there is "
                    + "none: run it with --yes, or set CI=true in a CI job");
        }
        String typed = terminal.readLine("This replaces the data of " + run.settings().target() + " with the "
                + "anonymized backup. Type " + expected + " to continue:");
        if (typed == null || !typed.trim().equals(expected)) {
            throw new RefusedException("confirmation failed: " + expected + " was not typed; nothing was changed");
        }
        run.note("confirmed at the terminal");
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

    private boolean flag(String key) {
        String v = properties.apply(key);
        return v != null && v.trim().equalsIgnoreCase("true");
    }
}
