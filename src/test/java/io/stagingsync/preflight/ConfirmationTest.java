package io.stagingsync.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.Command;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.SettingsLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's confirmation: asked at a terminal, skipped with --yes or in CI, refused without a terminal. */
class ConfirmationTest {

    private final List<String> asked = new ArrayList<>();

    private Confirmation.Terminal terminal(boolean present, String answer) {
        return new Confirmation.Terminal() {
            @Override
            public boolean present() {
                return present;
            }

            @Override
            public String readLine(String prompt) {
                asked.add(prompt);
                return answer;
            }
        };
    }

    private SyncRun confirm(Map<String, String> extra, Map<String, String> env, Confirmation.Terminal terminal,
                            Command command) {
        Map<String, String> p = new HashMap<>(Map.of("database.url", "postgres://u:pw@127.0.0.1/staging",
                "sync.source", "file:/b.tar.gz", "app", "shop-staging", "sync.confirm", "true",
                "sync.confirm.interactive", "true", "sync.guard.production-patterns", "prod"));
        p.putAll(extra);
        SyncRun run = new SyncRun("t", command);
        new Confirmation(new SettingsLoader(p::get).loadAll(), env::get, terminal).confirm(run);
        return run;
    }

    @Test
    void theTargetAppNameTypedAtTheTerminalLetsTheRunGoOn() {
        SyncRun run = confirm(Map.of(), Map.of(), terminal(true, " shop-staging \n"), Command.RUN);
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).contains("Type shop-staging to continue"), asked.get(0));
        assertTrue(run.results().notes().contains("confirmed at the terminal"));
    }

    @Test
    void anyOtherAnswerRefusesTheRun() {
        RefusedException e = assertThrows(RefusedException.class,
                () -> confirm(Map.of(), Map.of(), terminal(true, "shop-production"), Command.RUN));
        assertTrue(e.getMessage().contains("shop-staging was not typed; nothing was changed"), e.getMessage());
        assertThrows(RefusedException.class, () -> confirm(Map.of(), Map.of(), terminal(true, null), Command.RUN));
    }

    @Test
    void withoutATerminalTheRunIsRefusedUnlessYes() {
        RefusedException e = assertThrows(RefusedException.class,
                () -> confirm(Map.of(), Map.of(), terminal(false, null), Command.RUN));
        assertTrue(e.getMessage().contains("run it with --yes"), e.getMessage());
        SyncRun yes = confirm(Map.of("sync.confirm.assume-yes", "true"), Map.of(), terminal(false, null), Command.RUN);
        assertTrue(yes.results().notes().contains("confirmation skipped: --yes"));
        assertEquals(List.of(), asked);
    }

    @Test
    void ciSkipsTheQuestionWhateverTheCaseOfItsValue() {
        for (Map<String, String> env : List.of(Map.of("CI", "TRUE"), Map.of("CI", "1"), Map.of("CONTINUOUS_INTEGRATION", "True"))) {
            SyncRun run = confirm(Map.of(), env, terminal(false, null), Command.RUN);
            assertTrue(run.results().notes().get(0).startsWith("confirmation skipped: C"), run.results().notes().toString());
        }
        assertThrows(RefusedException.class, () -> confirm(Map.of(), Map.of("CI", "no"), terminal(false, null), Command.RUN));
    }

    @Test
    void plansScheduledRunsAndAnUnsetSettingNeverAsk() {
        confirm(Map.of(), Map.of(), terminal(false, null), Command.PLAN);
        confirm(Map.of("sync.confirm.interactive", "false"), Map.of(), terminal(false, null), Command.RUN);
        confirm(Map.of("sync.confirm", "false"), Map.of(), terminal(false, null), Command.RUN);
        assertEquals(List.of(), asked);
    }
}
