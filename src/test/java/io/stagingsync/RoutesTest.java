package io.stagingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/** The YAML routes as a whole: they load with the real configuration, and any stage's failure reaches fail-closed. */
@CamelMainTest(
        configurationClasses = SyncBeans.class,
        propertyPlaceholderLocations = "file:application.properties",
        properties = {"database.url=postgres://nobody@127.0.0.1:1/nowhere", "sync.source=file:/nonexistent.tar.gz",
            "camel.server.enabled=true", "camel.server.port=0",
            // the failed run it provokes goes to the build's folder, never to the checkout's reports/history
            "sync.report-dir=target/routes-test/reports", "sync.work-dir=target/routes-test/work"},
        mockEndpoints = "direct:fail-closed",
        advices = @AdviceRouteMapping(route = "sync", advice = RoutesTest.PreflightPasses.class))
class RoutesTest {

    /** Skips the real preflight and fetch, and makes the unpack stage fail. */
    public static class PreflightPasses extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveById("stage-preflight").replace().log("preflight skipped");
            weaveById("stage-fetch-backup").replace().log("fetch skipped");
            weaveById("stage-unpack").replace().throwException(new IllegalStateException("unpack exploded"));
        }
    }

    @BeanInject
    CamelContext context;

    @EndpointInject("direct:sync")
    ProducerTemplate sync;

    @EndpointInject("mock:direct:fail-closed")
    MockEndpoint failClosed;

    @Test
    void failureInAStageGoesThroughFailClosedAndStopsThePipeline() throws Exception {
        failClosed.expectedMessageCount(1);
        Exchange done = sync.request("direct:sync", e -> e.getMessage().setHeader(RunLifecycle.COMMAND_HEADER, "RUN"));
        failClosed.assertIsSatisfied();
        SyncRun run = done.getProperty("run", SyncRun.class);
        assertEquals(SyncRun.Status.FAILED, run.status());
        assertEquals("IllegalStateException: unpack exploded", run.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertFalse(run.stages().stream().anyMatch(s -> s.name().equals("plan")), "no stage runs after a failure");
    }

    @Test
    void everyRouteHasAnExplicitKebabCaseId() {
        List<Route> routes = context.getRoutes();
        assertTrue(routes.size() >= 15, "all route files loaded: " + routes.size());
        for (Route route : routes) {
            assertTrue(route.getRouteId().matches("[a-z]+(-[a-z]+)*"), "route id " + route.getRouteId());
        }
    }

    @Test
    void everyRouteFileIsNumberedAndOpensWithAHeader() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                assertTrue(file.getFileName().toString().matches("\\d\\d-[a-z-]+\\.camel\\.yaml"), file.toString());
                String firstLine = Files.readAllLines(file).get(0);
                assertTrue(firstLine.startsWith("# ") && firstLine.contains("Trigger"), file + ": " + firstLine);
            }
        }
    }
}
