package io.stagingsync.preflight;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.Check;
import io.stagingsync.run.SyncRun;
import java.util.ArrayList;
import java.util.List;

/**
 * One preflight's checklist in the making (exchange property {@code checklist}): each check is a line of the run's
 * checklist; configuration problems refuse the run, the others fail it, and neither stops the next check.
 */
public final class Checklist {

    private final List<String> refused = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    /** A check that throws is a failed line; it never stops the other checks. Returns whether it passed. */
    boolean attempt(SyncRun run, String name, Body body) {
        try {
            run.results().addCheck(new Check(name, true, body.run()));
            return true;
        } catch (Exception e) {
            record(run, name, e);
            return false;
        }
    }

    /** The failed line of a check, refused or failed as its exception says. */
    void record(SyncRun run, String name, Exception e) {
        if (e instanceof RefusedException r) {
            refused.addAll(r.problems());
            r.problems().forEach(p -> run.results().addCheck(new Check(name, false, p)));
        } else if (e instanceof SyncFailure) {
            failed.add(e.getMessage());
            run.results().addCheck(new Check(name, false, e.getMessage()));
        } else {
            String message = name + ": " + e.getMessage();
            failed.add(message);
            run.results().addCheck(new Check(name, false, message));
        }
    }

    /** Refused with every configuration problem found, else failed with every other one; nothing when all passed. */
    void conclude() {
        if (!refused.isEmpty()) {
            throw new RefusedException(refused);
        }
        if (!failed.isEmpty()) {
            throw new SyncFailure(String.join("; ", failed));
        }
    }

    /** The work of one check: its line's detail, or an exception that says what is wrong. */
    @FunctionalInterface
    interface Body {
        String run() throws Exception;
    }
}
