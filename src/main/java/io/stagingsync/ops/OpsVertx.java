package io.stagingsync.ops;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Vert.x instance under the ops server. An event stream holds its worker thread for a whole sync: that is not a
 * hang, so Vert.x must not log it as one every second.
 */
public final class OpsVertx {

    private OpsVertx() {
    }

    /** Binds it for the HTTP server to find, and closes it when the context stops. */
    public static void bind(CamelContext context) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxWorkerExecuteTime(Long.MAX_VALUE));
        context.getRegistry().bind("opsVertx", vertx);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                vertx.close();
            }
        });
    }
}
