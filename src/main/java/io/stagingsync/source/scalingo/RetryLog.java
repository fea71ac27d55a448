package io.stagingsync.source.scalingo;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says, before each retry of an API call (Scalingo's, Neon's), which call failed, why, and which attempt comes next. */
public final class RetryLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryLog.class);

    private final Function<Exchange, String> purpose;

    /** A Scalingo call's retries. */
    public RetryLog() {
        this(exchange -> {
            ApiRequest request = exchange.getProperty(ScalingoCalls.PROPERTY, ApiRequest.class);
            return request == null ? "call the Scalingo API" : request.purpose();
        });
    }

    /** @param purpose what the exchange's call is for ("create branch staging-sync-…") */
    public RetryLog(Function<Exchange, String> purpose) {
        this.purpose = purpose;
    }

    @Override
    public void process(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        Integer attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        LOG.warn("retry {} of {} to {} ({})", attempt, max, purpose.apply(exchange),
                caught == null ? "unknown error" : caught.getMessage());
    }
}
