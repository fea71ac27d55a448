package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule forms of the rules file: conditions, multi-statement queries, custom strategies, schema names. */
class RuleKindsTest extends FreshTargetTest {

    private SyncRun sync(String yaml) throws IOException {
        return Sync.into(pg.url(target), sample.dump()).rules(rules(yaml)).run();
    }

    @Test
    void conditionMasksOnlyMatchingRowsAndKeepsTheOthers() throws IOException {
        SyncRun run = sync("""
                tables:
                  - table: public.users
                    condition: "id <= 100"
                    columns:
                      email: "'user' || id || '@example.test'"
                pii_scan: {policy: warn}
                """);
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE id <= 100 AND email NOT LIKE '%@example.test'"));
        assertEquals(Rows.checksum(sample.sourceDb(), "(SELECT id, email FROM users WHERE id > 100)"),
                Rows.checksum(target, "(SELECT id, email FROM users WHERE id > 100)"));
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
    }

    @Test
    void conditionIsEvaluatedOncePerRowEvenWhenVolatileAndMayNameItsTable() throws IOException {
        SyncRun run = sync("""
                tables:
                  - table: users
                    condition: "random() < 0.5 AND users.id > 0"
                    columns:
                      email: "'user' || id || '@example.test'"
                pii_scan: {policy: warn}
                """);
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
        assertEquals(Rows.single(target, "SELECT count(DISTINCT id) FROM users"), Rows.single(target, "SELECT count(*) FROM users"));
    }

    @Test
    void leakCheckComparesValuesNotTheirSpelling() {
        Path dump = dumpOf("salaries", "", "CREATE TABLE salaries (id int PRIMARY KEY, salary numeric)",
                "INSERT INTO salaries SELECT i, 1000 * i FROM generate_series(1, 50) i");
        SyncRun run = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: salaries
                    columns: {salary: "round(salary, 2)"}
                pii_scan: {policy: warn}
                """)).run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("leak check failed for public.salaries"), run.error());
    }

    @Test
    void dumpOfALatin1DatabaseIsLoadedAndMaskedInItsOwnEncoding() {
        Path dump = dumpOf("latin1", "ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0",
                "CREATE TABLE people (id int PRIMARY KEY, name text, city text)",
                "INSERT INTO people SELECT i, 'Amélie Dûpont ' || i, 'Saint-Étienne' FROM generate_series(1, 20) i");
        SyncRun run = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: people
                    columns: {name: "'Personne ' || id"}
                pii_scan: {policy: warn}
                """)).run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("Saint-Étienne", Rows.single(target, "SELECT city FROM people WHERE id = 1"));
        assertEquals("Personne 1", Rows.single(target, "SELECT name FROM people WHERE id = 1"));
    }

    @Test
    void queryRulesRunOnTheTableNameAndReportTheColumnsTheyChanged() throws IOException {
        SyncRun run = sync("""
                tables:
                  - table: payment_methods
                    query:
                      - "UPDATE payment_methods SET card_last4 = 'X' || id"
                      - "UPDATE payment_methods SET iban = NULL WHERE kind = 'sepa'"
                pii_scan: {policy: warn}
                """);
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        TableResult result = run.results().tables().get("public.payment_methods");
        assertEquals(List.of("card_last4", "iban"), result.maskedColumns());
        assertEquals(0, result.totalSurvivors());
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM payment_methods WHERE iban IS NOT NULL"));
    }

    @Test
    void queryWithAQualifiedTableNameCannotBypassThePrivateCopy() throws IOException {
        SyncRun run = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", "in-place").rules(rules("""
                tables:
                  - table: users
                    query: "UPDATE public.users SET email = 'x' || id"
                pii_scan: {policy: warn}
                """)).run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("changed nothing") && run.error().contains("write the table name unqualified"),
                run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
    }

    @Test
    void twoRulesForOneTableOrForAParentAndItsPartitionAreRefused() throws IOException {
        SyncRun twice = sync("""
                tables:
                  - table: users
                    columns: {email: "'a' || id"}
                  - table: public.users
                    columns: {first_name: "'b'"}
                  - table: payments
                    columns: {payer_email: "'p' || id"}
                  - table: payments_2024
                    columns: {amount_cents: "0"}
                pii_scan: {policy: warn}
                """);
        assertEquals(2, twice.exitCode());
        assertTrue(twice.error().contains("tables[1] (public.users) and tables[0] (users) both name public.users"), twice.error());
        assertTrue(twice.error().contains("tables[3] (payments_2024) is a partition or child of public.payments"), twice.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, twice.targetState());
    }

    @Test
    void mixedCaseTablesAndColumnsAreQuotedCorrectly() throws IOException {
        SyncRun run = sync("""
                tables:
                  - table: '"AuditTrail"'
                    strategy: contact
                strategies:
                  contact:
                    columns:
                      UserEmail: "'audit' || \\"Id\\" || '@example.test'"
                pii_scan: {policy: warn}
                """);
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("audit1@example.test", Rows.single(target, "SELECT \"UserEmail\" FROM \"AuditTrail\" WHERE \"Id\" = 1"));
        assertTrue(run.results().tables().get("public.AuditTrail").maskedColumns().contains("UserEmail"));
    }
}
