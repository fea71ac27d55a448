package io.stagingsync;

import java.util.Arrays;

/** The command line's words: the usage text, and what is wrong with arguments that are not a command. */
final class Usage {

    static final String TEXT = """
            usage: java -jar staging-sync.jar [run [--yes] | check | plan | init | restore-test [--keep-on-failure] | serve]
              run     one full sync, then exit (0 success, 1 failure, 2 refused; 143 or 130 when SIGTERM or SIGINT
                      cancelled it, rolled back); --yes skips SYNC_CONFIRM's question
              check   preflight only: settings, rules file, tools, source, target; prints a checklist
              plan    everything non-destructive: reads the backup and prints what a run would do
              init    reads the backup, scans it, writes a commented rules file for review (never over one)
              restore-test  restores the newest backup into a temporary database on the target's server, checks it
                      (tables, row counts, leak check, a query per table), writes restore-test.json/.txt and drops it;
                      the target is never touched (0 restorable, 1 not); --keep-on-failure keeps a failed one
              serve   (default) scheduled syncs on SYNC_CRON, the ops API and health/metrics on OPS_PORT, until stopped
            Settings come from application.properties in the working directory; every one can be overridden by
            its environment variable (DATABASE_URL, SYNC_SOURCE, SYNC_ANONYMIZATION_FILE, ...): docs/configuration.md.
            """;

    private Usage() {
    }

    /** No argument (serve), or one command; {@code run --yes} is told apart by the caller. */
    static boolean isCommand(String[] args) {
        return args.length == 0 || args.length == 1 && !args[0].startsWith("-") && isCommand(args[0]);
    }

    static boolean isHelp(String[] args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
    }

    /** What is wrong with arguments that are not a command. */
    static String mistake(String[] args) {
        return args.length == 1 ? "unknown command '" + printable(args[0]) + "'"
                : "unexpected arguments after '" + printable(args[0]) + "': "
                        + printable(String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
    }

    /** An argument as the terminal may show it: control characters replaced, a long one cut. */
    private static String printable(String arg) {
        String shown = arg.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
    }

    private static boolean isCommand(String arg) {
        return arg.equals("run") || arg.equals("check") || arg.equals("plan") || arg.equals("init") || arg.equals("serve")
                || arg.equals("restore-test");
    }
}
