package io.stagingsync.run;

/**
 * What the operator asked for: a full sync, a preflight checklist, a plan without changes, a drafted rules file, or
 * a restore of the newest backup into a temporary database that is checked and dropped.
 */
public enum Command {
    RUN, CHECK, PLAN, SERVE, INIT, RESTORE_TEST;

    /** As typed on the command line ({@code restore-test}). */
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }

    /** The command a label names ({@code restore-test}, {@code RUN}). */
    public static Command of(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
