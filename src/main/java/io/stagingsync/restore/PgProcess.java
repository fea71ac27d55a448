package io.stagingsync.restore;

import io.stagingsync.archive.PrintableName;

import io.stagingsync.failure.SyncFailure;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a PostgreSQL client tool without a shell; stderr goes to the log, only its last lines are kept. */
public final class PgProcess {

    private static final Logger LOG = LoggerFactory.getLogger(PgProcess.class);
    private static final int KEPT_LINES = 15;

    private final String what;
    private final Process process;
    private final Thread stderrPump;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private PgProcess(String what, Process process) {
        this.what = what;
        this.process = process;
        this.stderrPump = new Thread(this::pumpStderr, "stderr-" + what);
        this.stderrPump.setDaemon(true);
        this.stderrPump.start();
    }

    /**
     * Starts {@code command}; stdout is left to the caller ({@link #stdout()}) unless {@code discardStdout}.
     *
     * @param what a short name for logs and errors, e.g. {@code pg_restore pre-data}
     */
    public static PgProcess start(String what, List<String> command, Map<String, String> libpqEnv, boolean discardStdout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        keepOnlyBasics(env);
        env.putAll(libpqEnv);
        env.put("PG_COLOR", "never");
        if (discardStdout) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return new PgProcess(what, pb.start());
        } catch (IOException e) {
            throw new SyncFailure(what + " could not be started (" + command.get(0) + "): " + e.getMessage()
                    + "; install the PostgreSQL client tools or set SYNC_PG_BIN_DIR", e);
        }
    }

    /**
     * Empties a child's environment but for what any program needs (PATH, HOME, locale, time zone, temp dir): the
     * JVM's own environment holds secrets (DATABASE_URL, SCALINGO_API_TOKEN, SYNC_SOURCE…) no tool should see.
     */
    public static void keepOnlyBasics(Map<String, String> env) {
        env.keySet().removeIf(k -> !(k.equals("PATH") || k.equals("HOME") || k.equals("LANG") || k.startsWith("LC_")
                || k.equals("TZ") || k.equals("TMPDIR")));
    }

    public java.io.InputStream stdout() {
        return process.getInputStream();
    }

    /** Waits for the exit and fails with the tool's last stderr lines when it is not 0. */
    public void await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy();
                throw new SyncFailure(what + " did not finish within " + timeout.toMinutes()
                        + " minutes and was stopped; raise SYNC_TOOLS_TIMEOUT_MINUTES if the database is that large");
            }
            stderrPump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
            throw new SyncFailure(what + " was interrupted");
        }
        if (process.exitValue() != 0) {
            throw new SyncFailure(what + " failed (exit " + process.exitValue() + "): " + lastLines());
        }
    }

    public void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    public synchronized String lastLines() {
        return lastLines.isEmpty() ? "no message" : String.join(" | ", lastLines);
    }

    private void pumpStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.startsWith("DETAIL:")) {
                    // the server's details quote rows ("Key (email)=(…) is duplicated"): never in a message or report
                    LOG.debug("{}: {}", what, line);
                    continue;
                }
                // the tool quotes the dump's object names, which may hold escape sequences
                String bounded = PrintableName.of(line.length() > 2000 ? line.substring(0, 2000) + "…" : line);
                LOG.warn("{}: {}", what, bounded);
                synchronized (this) {
                    lastLines.addLast(bounded);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stderr closed: {}", what, e.getMessage());
        }
    }
}
