package io.stagingsync.source.scalingo;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says, before each retry of a Scalingo call, which call failed, why, and which attempt comes next. */
public final class RetryLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryLog.class);

    @Override
    public void process(Exchange exchange) {
        ApiRequest request = exchange.getProperty(ScalingoCalls.PROPERTY, ApiRequest.class);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        Integer attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        LOG.warn("retry {} of {} to {} ({})", attempt, max, request == null ? "call the Scalingo API" : request.purpose(),
                caught == null ? "unknown error" : caught.getMessage());
    }
}
