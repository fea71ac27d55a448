package io.stagingsync.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.report.History;
import io.stagingsync.run.Command;
import io.stagingsync.run.RunGate;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers the ops API: start, list, read, cancel a sync, its report and its live events. */
public final class OpsApi {

    private static final Logger LOG = LoggerFactory.getLogger(OpsApi.class);
    private static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{8}");
    private static final int MAX_BODY = 4096;

    private final RunGate gate;
    private final History history;
    private final long keepAliveMillis;
    private final ObjectMapper json = new ObjectMapper();

    public OpsApi(RunGate gate, History history, long keepAliveMillis) {
        this.gate = gate;
        this.history = history;
        this.keepAliveMillis = keepAliveMillis;
    }

    /** POST /api/syncs: claims the gate for a new run and hands its id to the route, which starts it. */
    public Map<String, Object> start(Exchange exchange) {
        Command command = command(exchange.getMessage().getBody(String.class));
        String id = gate.tryClaim().orElseThrow(() -> new OpsError(409, "sync " + gate.claimedId().orElse("")
                + " is running; wait for it to end, or cancel it with DELETE /api/syncs/" + gate.claimedId().orElse("")));
        exchange.setProperty(RunLifecycle.COMMAND_PROPERTY, command.name());
        exchange.setProperty(RunLifecycle.RUN_ID_PROPERTY, id);
        LOG.info("sync {} requested through the ops API ({})", id, command.label());
        Map<String, Object> m = SyncView.starting(id);
        m.put("command", command.label());
        m.put("links", Map.of("self", "/api/syncs/" + id, "events", "/api/syncs/" + id + "/events",
                "report", "/api/syncs/" + id + "/report"));
        return m;
    }

    /** GET /api/syncs: the run in progress first, then the kept history, newest first. */
    public Map<String, Object> list() {
        List<Map<String, Object>> syncs = new ArrayList<>();
        gate.claimedId().ifPresent(id -> syncs.add(status(id)));
        syncs.addAll(history.list());
        return Map.of("syncs", syncs);
    }

    /** GET /api/syncs/{id}: status, stage and, while it runs, progress. */
    public Map<String, Object> status(String id) {
        checkId(id);
        var live = gate.running(id);
        if (live.isPresent()) {
            return SyncView.live(live.get(), live.get().progress().snapshot());
        }
        if (isStarting(id)) {
            return SyncView.starting(id);
        }
        return history.findSummary(id).orElseThrow(() -> notFound(id));
    }

    /**
     * DELETE /api/syncs/{id}: stops the run's running work now and the pipeline at its next stage; the usual
     * fail-closed handling then leaves the target without raw data.
     */
    public Map<String, Object> cancel(String id) {
        checkId(id);
        var live = gate.running(id);
        if (live.isEmpty()) {
            if (isStarting(id)) {
                throw new OpsError(409, "sync " + id + " is starting; cancel it again in a moment");
            }
            Map<String, Object> ended = history.findSummary(id).orElseThrow(() -> notFound(id));
            throw new OpsError(409, "sync " + id + " already ended: " + ended.get("status"));
        }
        SyncRun run = live.get();
        switch (run.cancel("operator")) {
            case TOO_LATE_PUBLISHING -> throw new OpsError(409, "too late to cancel: publishing; sync " + id
                    + " ends as its publish does (GET /api/syncs/" + id + ")");
            case ENDING -> throw new OpsError(409, "sync " + id + " is already ending; GET /api/syncs/" + id
                    + " shows its outcome");
            case ACCEPTED -> LOG.warn("sync {} cancelled by an operator through the ops API", id);
            case ALREADY_CANCELLING -> LOG.info("sync {}: cancel requested again; it is already cancelling", id);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", "cancelling");
        return m;
    }

    /** GET /api/syncs/{id}/report: the run's report.json, kept in the history. */
    public Object report(String id) {
        checkId(id);
        if (gate.running(id).isPresent() || isStarting(id)) {
            throw new OpsError(409, "sync " + id + " is running: its report is written when it ends; follow "
                    + "GET /api/syncs/" + id + "/events");
        }
        Object report = entry(id).get("report");
        if (report == null) {
            throw new OpsError(404, "sync " + id + " ended before its settings were read: it has no report, "
                    + "see GET /api/syncs/" + id + " for its error");
        }
        return report;
    }

    /** GET /api/syncs/{id}/events: server-sent events until the run ends (at once for an ended run). */
    public void events(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        checkId(id);
        if (gate.running(id).isEmpty() && !isStarting(id)) {
            entry(id);
            if (RunEvents.END_ID.equals(exchange.getMessage().getHeader("Last-Event-ID", String.class))) {
                // the client saw the end: 204 tells an EventSource to stop reconnecting
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
                exchange.getMessage().setBody(null);
                return;
            }
        }
        SseResponse.pump(exchange, RunEvents.follow(id, gate, history), keepAliveMillis);
    }

    /** The JSON answer for a failed request; the exception's own text only for the API's refusals. */
    public Map<String, Object> error(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = caught instanceof OpsError refused ? refused.status() : 500;
        String message = caught instanceof OpsError ? caught.getMessage() : "internal error; see the server log";
        if (status == 500) {
            LOG.error("ops API request failed: {}", String.valueOf(caught), caught);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"staging-sync\"");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        return m;
    }

    private boolean isStarting(String id) {
        return gate.claimedId().filter(id::equals).isPresent();
    }

    private Map<String, Object> entry(String id) {
        return history.find(id).orElseThrow(() -> notFound(id));
    }

    private static OpsError notFound(String id) {
        return new OpsError(404, "no sync " + id + " (GET /api/syncs lists them)");
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new OpsError(400, "'" + abbreviate(id) + "' is not a sync id (like 20260101-040000-1a2b3c4d)");
        }
    }

    /** The optional body: {"dry_run": true} asks for a plan only. Anything else is refused, not ignored. */
    private Command command(String body) {
        if (body == null || body.isBlank()) {
            return Command.RUN;
        }
        if (body.length() > MAX_BODY) {
            throw new OpsError(400, "the request body is over " + MAX_BODY + " characters; send {} or {\"dry_run\": true}");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw new OpsError(400, "the request body is not JSON; send {} or {\"dry_run\": true}");
        }
        if (node == null || !node.isObject()) {
            throw new OpsError(400, "the request body must be a JSON object: {} or {\"dry_run\": true}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("dry_run")) {
                throw new OpsError(400, "unknown field '" + abbreviate(name) + "'; the only one is dry_run (true or false)");
            }
        }
        JsonNode dryRun = node.get("dry_run");
        if (dryRun != null && !dryRun.isBoolean()) {
            throw new OpsError(400, "dry_run must be true or false");
        }
        return dryRun != null && dryRun.asBoolean() ? Command.PLAN : Command.RUN;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
