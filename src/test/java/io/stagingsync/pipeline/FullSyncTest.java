package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A full run of the example rules on the sample application, from a Scalingo-shaped archive. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullSyncTest {

    /** Every column the example rules mask: table, column. */
    static final List<String[]> MASKED = List.of(
            new String[] {"users", "email"}, new String[] {"users", "first_name"}, new String[] {"users", "last_name"},
            new String[] {"users", "birth_date"}, new String[] {"users", "full_name"},
            new String[] {"addresses", "line1"}, new String[] {"addresses", "postal_code"},
            new String[] {"phone_numbers", "number"}, new String[] {"payment_methods", "card_last4"},
            new String[] {"payment_methods", "iban"}, new String[] {"payments", "payer_email"},
            new String[] {"\"AuditTrail\"", "\"UserEmail\""}, new String[] {"legacy_contacts", "name"},
            new String[] {"legacy_contacts", "email"});

    final PostgresServer pg = PostgresServer.get();
    final SampleDatabase sample = SampleDatabase.get();
    String target;
    Sync sync;
    SyncRun run;

    @BeforeAll
    void syncOnce() {
        target = pg.createDatabase("full");
        sync = Sync.into(pg.url(target), sample.archive());
        run = sync.run();
    }

    @AfterAll
    void dropTarget() {
        pg.dropDatabase(target);
    }

    @Test
    void fullRunSucceedsWithExitZero() {
        assertEquals(SyncRun.Status.SUCCESS, run.status(), () -> "error: " + run.error());
        assertEquals(0, run.exitCode());
        assertEquals(SyncRun.TargetState.ANONYMIZED, run.targetState());
    }

    @Test
    void maskedColumnsHoldNoOriginalValue() {
        for (String[] tc : MASKED) {
            Set<String> original = Rows.values(sample.sourceDb(), tc[0], tc[1]);
            Set<String> masked = Rows.values(target, tc[0], tc[1]);
            assertFalse(original.isEmpty(), tc[0] + "." + tc[1] + " has data in the source");
            Set<String> survivors = new HashSet<>(masked);
            survivors.retainAll(original);
            assertTrue(survivors.isEmpty(), tc[0] + "." + tc[1] + " still holds original values " + survivors);
        }
    }

    @Test
    void maskedTablesKeepEveryRow() {
        for (String table : List.of("users", "addresses", "phone_numbers", "payment_methods", "payments", "\"AuditTrail\"",
                "legacy_contacts", "legacy_contacts_2019")) {
            assertEquals(Rows.count(sample.sourceDb(), table), Rows.count(target, table), table);
        }
    }

    @Test
    void tablesWithoutRulesEqualTheSource() {
        for (String table : List.of("orders", "products", "session_events")) {
            assertEquals(Rows.count(sample.sourceDb(), table), Rows.count(target, table), table);
            assertEquals(Rows.checksum(sample.sourceDb(), table), Rows.checksum(target, table), table);
        }
    }

    @Test
    void rowsOutsideMaskedColumnsAreUntouched() {
        assertEquals(Rows.checksum(sample.sourceDb(), "(SELECT id, created_at FROM users) "),
                Rows.checksum(target, "(SELECT id, created_at FROM users) "));
    }

    @Test
    void derivedColumnsAndViewsAreComputedFromMaskedValues() {
        assertEquals("Demo User 7", Rows.single(target, "SELECT full_name FROM users WHERE id = 7"));
        assertEquals("Demo User 7", Rows.single(target, "SELECT full_name FROM user_order_totals WHERE user_id = 7"));
        assertEquals(Rows.checksum(sample.sourceDb(), "monthly_revenue"), Rows.checksum(target, "monthly_revenue"));
    }

    @Test
    void excludedTableKeepsItsStructureButNoRows() {
        assertTrue(Rows.count(sample.sourceDb(), "sessions") > 0);
        assertEquals(0, Rows.count(target, "sessions"));
        assertEquals("f", Rows.single(target, "SELECT convalidated::text::char FROM pg_constraint "
                + "WHERE conname = 'session_events_session_id_fkey'"));
    }

    @Test
    void postDataObjectsExistAndHold() {
        assertEquals("t", Rows.single(target, "SELECT (count(*) = 1)::text::char FROM pg_trigger WHERE tgname = 'orders_touch'"));
        assertEquals(Rows.single(sample.sourceDb(), "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"),
                Rows.single(target, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"));
        long next = Long.parseLong(Rows.single(target, "SELECT nextval('\"AuditTrail_Id_seq\"')"));
        assertTrue(next > Rows.count(target, "\"AuditTrail\""), "sequence values are restored");
    }

    @Test
    void reportHasTheContractFields() throws Exception {
        JsonNode report = new ObjectMapper().readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertEquals("success", report.get("status").asText());
        assertTrue(report.get("error").isNull());
        assertEquals("20261121000000_sample-app_42.tar.gz", report.at("/backup/name").asText());
        assertTrue(report.at("/backup/size").asLong() > 0);
        assertTrue(report.get("verification").get("passed").asBoolean());
        assertTrue(report.get("pii_scan").get("findings").isArray());
        Set<String> stages = new HashSet<>();
        report.get("stages").forEach(s -> stages.add(s.get("name").asText()));
        assertTrue(stages.containsAll(List.of("preflight", "unpack", "plan", "restore-schema", "load-data", "verify",
                "restore-post")), stages.toString());
        JsonNode users = null;
        for (JsonNode t : report.get("tables")) {
            if (t.get("name").asText().equals("public.users")) {
                users = t;
            }
        }
        assertEquals(Rows.count(sample.sourceDb(), "users"), users.get("rows").asLong());
        assertEquals(0, users.at("/leak_check/survivors").asLong());
        assertEquals(List.of("email", "first_name", "last_name", "birth_date"),
                new ObjectMapper().convertValue(users.get("masked_columns"), List.class));
        assertTrue(Files.readString(sync.reportDir().resolve("report.txt")).contains("leak check passed"));
        assertEquals(3, report.at("/parallelism/jobs").asInt());
        assertEquals("SYNC_PARALLELISM=3", report.at("/parallelism/reason").asText());
    }

    @Test
    void unsetParallelismIsChosenFromTheCoresAndTheTargetsFreeConnectionsAndReportedInThePlan() throws Exception {
        Sync plan = Sync.into(pg.url(target), sample.archive()).with("sync.parallelism", "");
        SyncRun planned = plan.run(Command.PLAN);
        assertEquals(SyncRun.Status.SUCCESS, planned.status(), () -> "error: " + planned.error());
        assertFalse(planned.parallelism().given());
        assertTrue(planned.parallelism().jobs() >= 1
                && planned.parallelism().jobs() <= Math.max(2, Runtime.getRuntime().availableProcessors() + 1));
        assertTrue(planned.parallelism().reason().contains("connections free"), planned.parallelism().reason());
        JsonNode report = new ObjectMapper().readTree(Files.readString(plan.reportDir().resolve("plan.json")));
        assertEquals(planned.parallelism().jobs(), report.at("/parallelism/jobs").asInt());
        assertTrue(Files.readString(plan.reportDir().resolve("plan.txt")).contains("parallelism: "));
    }

    @Test
    void secondRunOverThePreviousCopySucceeds() {
        pg.execute(target, "CREATE TABLE staging_only (id int)", "INSERT INTO staging_only VALUES (1)");
        SyncRun again = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", "in-place").run();
        assertEquals(SyncRun.Status.SUCCESS, again.status(), () -> "error: " + again.error());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
        assertEquals(1, Rows.count(target, "staging_only"), "in place, objects the archive does not have are left alone");
    }

    @Test
    void workFilesAreRemoved() throws Exception {
        try (var files = Files.list(sync.workDir())) {
            assertEquals(0, files.count());
        }
    }
}
