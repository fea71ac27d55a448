package io.stagingsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagingsync.report.History;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

class LastRunHealthCheckTest {

    @Test
    void aCancelledSyncThatLeftThePreviousCopyKeepsHealthUpAndOneThatEmptiedTheTargetDoesNot() {
        assertEquals(HealthCheck.State.UP, stateAfter(run("success", "anonymized")));
        assertEquals(HealthCheck.State.UP, stateAfter(run("cancelled", "untouched")));
        assertEquals(HealthCheck.State.DOWN, stateAfter(run("cancelled", "emptied")));
        assertEquals(HealthCheck.State.DOWN, stateAfter(run("cancelled", "unknown")));
        assertEquals(HealthCheck.State.DOWN, stateAfter(run("failed", "untouched")));
        assertEquals(HealthCheck.State.DOWN, stateAfter(run("refused", "untouched")));
    }

    @Test
    void plansAreNotSyncsAndNoSyncYetIsUp() {
        Map<String, Object> plan = Map.of("id", "p", "command", "plan", "status", "failed", "target_state", "untouched");
        assertEquals(HealthCheck.State.UP, new LastRunHealthCheck(history(List.of(plan))).call().getState());
    }

    private static Map<String, Object> run(String status, String targetState) {
        return Map.of("id", "20261205-030000-00000000", "command", "run", "status", status, "target_state", targetState,
                "cancelled_by", "operator");
    }

    private static HealthCheck.State stateAfter(Map<String, Object> last) {
        return new LastRunHealthCheck(history(List.of(last))).call().getState();
    }

    private static History history(List<Map<String, Object>> runs) {
        return new History() {
            @Override
            public List<Map<String, Object>> list() {
                return runs;
            }

            @Override
            public Optional<Map<String, Object>> find(String id) {
                return Optional.empty();
            }
        };
    }
}
