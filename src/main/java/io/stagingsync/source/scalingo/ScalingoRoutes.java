package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Calls a Scalingo route from Java (a token renewal, the download's address, the preflight) and fails as it did. */
public final class ScalingoRoutes {

    private final ProducerTemplate template;

    public ScalingoRoutes(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * Makes the call described on this exchange ({@code scalingoRequest}) in an exchange of its own and puts the
     * answer in the body. Its retries, and their exhaustion, stay its own: an exchange exhausted by a nested error
     * handler is not handled again by the run's, which must roll back and report whatever fails.
     */
    @SuppressWarnings("unchecked")
    public void forward(Exchange exchange) {
        exchange.getMessage().setBody(call("direct:scalingo-api", exchange.getProperty("run", SyncRun.class),
                exchange.getProperty(ScalingoCalls.PROPERTY, ApiRequest.class), Map.class));
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
