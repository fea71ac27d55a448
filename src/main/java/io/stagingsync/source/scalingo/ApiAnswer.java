package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Brings a Scalingo call's answer, or its failure, back onto the pipeline's exchange, and nothing else: the call's
 * retry state (exhausted by its own error handler) must not follow, or the run's error handler would skip it and
 * the run would neither roll back nor report.
 */
public final class ApiAnswer implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange pipeline, Exchange call) {
        Exception failure = call.getException();
        if (failure == null) {
            pipeline.getMessage().setBody(call.getMessage().getBody());
        } else if (failure instanceof RuntimeException) {
            pipeline.setException(failure);
        } else {
            pipeline.setException(new SyncFailure("the Scalingo call failed: " + failure.getMessage(), failure));
        }
        return pipeline;
    }
}
