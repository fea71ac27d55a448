package io.stagingsync.target.neon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.settings.NeonSettings;
import org.apache.camel.Exchange;

/** Turns the exchange's {@code neonRequest} into the HTTP call: address ({@code neonUrl}), query, JSON body and the API key. */
public final class NeonCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NeonSettings settings;

    /** @param settings null unless SYNC_TARGET=neon */
    public NeonCalls(NeonSettings settings) {
        this.settings = settings;
    }

    public void prepare(Exchange exchange) {
        NeonRequest request = exchange.getProperty(NeonAnswer.PROPERTY, NeonRequest.class);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
        exchange.setProperty("neonUrl", settings.apiUrl() + "/projects/" + settings.projectId().value() + request.path());
        if (request.query() != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, request.query());
        }
        // the key goes in a header only, set on the attempt's own message and removed with the answer
        exchange.getMessage().setHeader("Authorization", "Bearer " + settings.apiKey().value());
        if (request.body() != null) {
            try {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setBody(JSON.writeValueAsString(request.body()));
            } catch (JsonProcessingException e) {
                throw new SyncFailure("the request to " + request.purpose() + " could not be written: " + e.getMessage(), e);
            }
        }
    }
}
