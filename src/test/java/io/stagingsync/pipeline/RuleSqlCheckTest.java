package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every rule's SQL is checked against the archive's table shapes before anything is touched: refused, exit 2. */
class RuleSqlCheckTest extends FreshTargetTest {

    private static final String BROKEN_RULES = """
            tables:
              - table: users
                columns:
                  email: "'u' || idd"
              - table: addresses
                condition: "citty = 'Paris'"
                columns:
                  line1: "'somewhere'"
              - table: payment_methods
                query:
                  - "UPDATE payment_methods SET iban = NULL"
                  - "UPDATE payment_methods SET card_last4 = NULL WHERE kindd = 'card'"
              - table: products
                strategy: priced
            strategies:
              priced:
                columns:
                  price_cents: "'p' || id"
            pii_scan: {policy: warn}
            """;

    @Test
    void planRefusesEveryRuleWhoseSqlCannotRunAndNamesEach() {
        SyncRun run = Sync.into(pg.url(target), sample.dump()).rules(rules(BROKEN_RULES)).run(Command.PLAN);

        assertEquals(2, run.exitCode(), run::error);
        String error = run.error();
        assertTrue(error.contains("tables[0] (users): column 'email' ('u' || idd): column \"idd\" does not exist"), error);
        assertTrue(error.contains("tables[1] (addresses): condition (citty = 'Paris'): column \"citty\" does not exist"),
                error);
        assertTrue(error.contains("tables[2] (payment_methods): query 2 (UPDATE payment_methods SET card_last4 = NULL "
                + "WHERE kindd = 'card'): column \"kindd\" does not exist"), error);
        assertTrue(error.contains("tables[3] (products): column 'price_cents' ('p' || id): column \"price_cents\" is of "
                + "type integer but expression is of type text"), error);
        assertFalse(error.contains("__staging_sync"), "the check's own table names mean nothing to the reader: " + error);
    }

    @Test
    void runRefusesATypoBeforeTheTargetIsTouchedEvenInPlace() {
        pg.execute(target, "CREATE TABLE users (id int, email text)", "INSERT INTO users VALUES (1, 'kept@example.test')");

        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.target-mode", "in-place")
                .rules(rules("""
                        tables:
                          - table: users
                            columns:
                              email: "'u' || idd"
                        pii_scan: {policy: warn}
                        """)).run();

        assertEquals(2, run.exitCode(), run::error);
        assertEquals("plan", run.failedStage());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertEquals("kept@example.test", Rows.single(target, "SELECT email FROM users"), "yesterday's staging is intact");
    }

    @Test
    void rulesOnTheArchivesEnumsAndDomainsAreCheckedWithTheirOwnTypes() throws IOException {
        Path dump = dumpOf("shapes", "",
                "CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE DOMAIN birth_year AS integer CHECK (VALUE > 1900)",
                "CREATE TABLE people (id int PRIMARY KEY, name text, feeling mood, born birth_year, tags text[])",
                "INSERT INTO people SELECT i, 'Person ' || i, 'happy', 1950 + i, ARRAY['a'] FROM generate_series(1, 20) i");
        String good = """
                tables:
                  - table: people
                    condition: "feeling = 'happy' AND born + 1 > 1950 AND 'a' = ANY (tags)"
                    columns:
                      name: "'P' || id"
                      born: "1901 + born % 2"
                      feeling: "'sad'"
                pii_scan: {policy: warn}
                """;
        Sync plan = Sync.into(pg.url(target), dump).rules(rules(good));
        SyncRun planned = plan.run(Command.PLAN);
        assertEquals(0, planned.exitCode(), planned::error);
        String text = Files.readString(plan.reportDir().resolve("plan.txt"));
        assertTrue(text.matches("(?s).*    public\\.people: about [\\d,]+ rows, \\d+ KiB of data in the archive, masked .*"), text);
        SyncRun synced = Sync.into(pg.url(target), dump).rules(rules(good)).run();
        assertEquals(SyncRun.Status.SUCCESS, synced.status(), synced::error);

        SyncRun wrong = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: people
                    columns:
                      feeling: "'angry'"
                      born: "'year ' || born"
                pii_scan: {policy: warn}
                """)).run(Command.PLAN);
        assertEquals(2, wrong.exitCode(), wrong::error);
        assertTrue(wrong.error().contains("column 'feeling' ('angry'): invalid input value for enum"), wrong.error());
        assertTrue(wrong.error().contains("column 'born' ('year ' || born): column \"born\" is of type integer but "
                + "expression is of type text"), wrong.error());
    }

    @Test
    void aTypeTheTargetDoesNotKnowYetNeverRefusesARuleThatWouldWork() {
        Path dump = dumpOf("citext", "",
                "CREATE EXTENSION citext",
                "CREATE TABLE members (id int PRIMARY KEY, email citext)",
                "INSERT INTO members SELECT i, 'Member' || i || '@Example.org' FROM generate_series(1, 20) i");
        // the extension arrives with the archive's schema: before that, its type is only approximated
        String rules = """
                tables:
                  - table: members
                    condition: "email <> 'nobody@example.org'::public.citext"
                    columns:
                      email: "('member' || id || '@example.test')::public.citext"
                pii_scan: {policy: warn}
                """;
        SyncRun planned = Sync.into(pg.url(target), dump).rules(rules(rules)).run(Command.PLAN);
        assertEquals(0, planned.exitCode(), planned::error);
        assertTrue(planned.results().notes().stream().anyMatch(n -> n.contains("not refused: the check could only approximate "
                + "the types of [email (public.citext)]")), planned.results().notes().toString());
        SyncRun synced = Sync.into(pg.url(target), dump).rules(rules(rules)).run();
        assertEquals(SyncRun.Status.SUCCESS, synced.status(), synced::error);
    }
}
