package io.stagingsync.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.target.TargetPool;
import io.stagingsync.run.Command;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.LeakFindings;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.settings.BuiltInStrategy;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.TableName;
import io.stagingsync.settings.TableRule;
import io.stagingsync.settings.TargetDatabase;
import io.stagingsync.testing.PostgresServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verification of the committed target: a built-in strategy's column checked again, a failing check is a failure. */
class VerifierTest {

    final PostgresServer pg = PostgresServer.get();
    String db;
    HikariDataSource pool;

    @BeforeEach
    void target() {
        db = pg.createDatabase("verifier");
        pool = TargetPool.open(TargetDatabase.parse(pg.url(db), "DATABASE_URL"), 1);
    }

    @AfterEach
    void drop() {
        pool.close();
        pg.dropDatabase(db);
    }

    private SyncRun runOn(String table, long rows) {
        List<String> columns = List.of("id", "card_last4");
        TableRule rule = new TableRule("tables[0] (" + table + ")", TableName.parse(table), "payment", Map.of(),
                List.of(), null, Map.of()).expanded(BuiltInStrategy.expand("payment", columns, Map.of(),
                MaskingSettings.unsalted()));
        TocEntry data = new TocEntry(7, "TABLE DATA", "public", table, TocEntry.SECTION_DATA, "",
                "COPY public." + table + " (id, card_last4) FROM stdin;\n", 100, 10);
        QualifiedName name = new QualifiedName("public", table);
        TableLoad load = new TableLoad(data, name, columns, rule, table);
        SyncRun run = new SyncRun("test", Command.RUN);
        run.target().pool(pool);
        run.plan(new SyncPlan(List.of(), List.of(load), List.of(), List.of(), List.of(), List.of(), Map.of(name, rule)));
        run.recordTable(new TableResult(load.displayName(), rule.kind(), rows, rows, List.of("card_last4"),
                new LeakFindings(List.of("card_last4"), Map.of(), List.of(), 5), 1));
        return run;
    }

    @Test
    void committedValueThatDoesNotMatchTheGeneratorFailsVerification() {
        pg.execute(db, "CREATE TABLE cards (id int, card_last4 text)",
                "INSERT INTO cards VALUES (1, 'XXXX'), (2, NULL), (3, '4242')");
        SyncRun run = runOn("cards", 3);
        SyncFailure failure = assertThrows(SyncFailure.class, () -> new Verifier().verify(run));
        assertTrue(failure.getMessage().contains("public.cards.card_last4: 1 rows do not match the strategy's generator"),
                failure.getMessage());
        assertFalse(failure.getMessage().contains("4242"), "no value quoted");
        assertFalse(run.results().verificationPassed());
    }

    @Test
    void checkQueryThatErrorsIsAFailureNeverZeroIssues() {
        SyncRun run = runOn("missing_table", 0);
        SyncFailure failure = assertThrows(SyncFailure.class, () -> new Verifier().verify(run));
        assertTrue(failure.getMessage().contains("a verification query failed"), failure.getMessage());
        assertFalse(run.results().verificationPassed());
    }
}
