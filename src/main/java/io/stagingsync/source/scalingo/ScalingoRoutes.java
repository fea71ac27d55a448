package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Calls a Scalingo route from inside an attempt or a transfer (a token renewal, an expired download address). */
public final class ScalingoRoutes {

    private final ProducerTemplate template;

    public ScalingoRoutes(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * Sends the run (and the call, when given) to {@code uri} and returns the resulting body.
     *
     * @param request the API call for direct:scalingo-api, else null
     */
    public <T> T call(String uri, SyncRun run, ApiRequest request, Class<T> type) {
        Exchange done = template.send(uri, e -> {
            e.setProperty("run", run);
            if (request != null) {
                e.setProperty(ScalingoCalls.PROPERTY, request);
            }
        });
        Exception failure = done.getException();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw new SyncFailure("the Scalingo call failed: " + failure.getMessage(), failure);
        }
        return done.getMessage().getBody(type);
    }
}
