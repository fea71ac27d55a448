package io.stagingsync.target.neon;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.settings.NeonSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Calls the Neon API through its route (direct:neon-api: one attempt per exchange, retried by neon-retries) and
 * waits for the operations a call started: a branch still in init past NEON_READY_TIMEOUT_SECONDS fails the run.
 */
public final class NeonApi {

    private final ProducerTemplate template;
    private final NeonSettings settings;

    public NeonApi(ProducerTemplate template, NeonSettings settings) {
        this.template = template;
        this.settings = settings;
    }

    /** The answer's JSON object; the call's failure, once its retries are spent, as it was thrown. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> call(NeonRequest request) {
        Exchange done = template.send("direct:neon-api", e -> e.setProperty(NeonAnswer.PROPERTY, request));
        Exception failure = done.getException();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw new SyncFailure("the Neon call to " + request.purpose() + " failed: " + failure.getMessage(), failure);
        }
        return done.getMessage().getBody(Map.class);
    }

    /**
     * Polls each operation until finished, then the branch until its state is ready; a failed operation fails the
     * run, and so does the deadline.
     */
    public void awaitReady(String branchId, String branchName, Object operations, String what) {
        Instant deadline = Instant.now().plus(settings.readyTimeout());
        for (String id : operationIds(operations)) {
            while (true) {
                Map<String, Object> answer = call(NeonRequest.get("/operations/" + id, null,
                        "read the progress of " + what, null));
                String status = String.valueOf(object(answer.get("operation")).get("status"));
                if (status.equals("finished") || status.equals("skipped")) {
                    break;
                }
                if (status.equals("failed") || status.equals("error") || status.equals("cancelled")) {
                    throw new SyncFailure("Neon's operation to " + what + " ended " + status + ": "
                            + object(answer.get("operation")).getOrDefault("error", "no reason given"));
                }
                pause(deadline, branchName, "its operation is still " + status, what);
            }
        }
        while (true) {
            Map<String, Object> answer = call(NeonRequest.get("/branches/" + branchId, null,
                    "read the state of branch " + branchName, null));
            Object state = object(answer.get("branch")).get("current_state");
            if (state == null || "ready".equals(state)) {
                return;
            }
            pause(deadline, branchName, "the branch is still " + state, what);
        }
    }

    private void pause(Instant deadline, String branch, String state, String what) {
        if (Instant.now().plus(settings.pollInterval()).isAfter(deadline)) {
            throw new SyncFailure("Neon did not " + what + " within " + settings.readyTimeout().toSeconds()
                    + " s (NEON_READY_TIMEOUT_SECONDS): " + state + " on branch " + branch + "; see the project's "
                    + "operations in the Neon Console");
        }
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("interrupted while waiting for Neon to " + what);
        }
    }

    private static List<String> operationIds(Object operations) {
        List<String> ids = new ArrayList<>();
        if (operations instanceof List<?> list) {
            for (Object o : list) {
                Object id = object(o).get("id");
                if (id != null) {
                    ids.add(id.toString());
                }
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
