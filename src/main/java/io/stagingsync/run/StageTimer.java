package io.stagingsync.run;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Times the stages of direct:sync from Camel's send events, so that the routes carry no bookkeeping. */
public final class StageTimer extends EventNotifierSupport {

    public StageTimer() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending) {
            String stage = stage(sending.getEndpoint().getEndpointUri());
            SyncRun run = run(sending.getExchange());
            if (stage != null && run != null) {
                run.enterStage(stage);
            }
        } else if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            String stage = stage(sent.getEndpoint().getEndpointUri());
            SyncRun run = run(sent.getExchange());
            if (stage != null && run != null) {
                run.stageDone(stage, sent.getTimeTaken(), sent.getExchange().getException() == null);
            }
        }
    }

    private static SyncRun run(Exchange exchange) {
        return exchange.getProperty("run", SyncRun.class);
    }

    private static String stage(String uri) {
        return Stage.of(uri).map(Stage::label).orElse(null);
    }
}
