package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leak check on real runs: each disguise of an original value fails the run, naming the column and the kind of
 * survivor; a constant that equals a real value, or values many masked rows share, pass.
 */
class LeakCheckTest extends FreshTargetTest {

    private static final int ROWS = 30;

    private Path dump;

    /** Every column of a disguise holds values of its own, so that a survivor can only come from its own rule. */
    @BeforeEach
    void smallArchive() {
        dump = dumpOf("leaks", "",
                "CREATE TABLE people (id int PRIMARY KEY, upper_email text, padded_email text, reversed_email text,"
                        + " md5_email text, sha1_email text, sha1_hint text, sha256_email text, moved_from text,"
                        + " moved_to text, shuffled text, phone text, city text, nick text)",
                "INSERT INTO people SELECT i, 'u' || i || '@mail.org', 'p' || i || '@mail.org', 'r' || i || '@mail.org',"
                        + " 'm' || i || '@mail.org', 's' || i || '@mail.org', NULL, 'h' || i || '@mail.org',"
                        + " 'f' || i || '@mail.org', 'to' || i, 'c' || i || '@mail.org',"
                        + " '+33 6 12 34 56 ' || lpad(i::text, 2, '0'), CASE WHEN i % 3 = 0 THEN 'Paris' ELSE 'Lyon' END,"
                        + " CASE i WHEN 2 THEN 'Beta' WHEN 3 THEN 'Alpha' ELSE 'n' || i END"
                        + " FROM generate_series(1, " + ROWS + ") i",
                // the sha1 a rule would compute with an extension, computed here so that the target needs none
                "CREATE EXTENSION pgcrypto",
                "UPDATE people SET sha1_hint = encode(digest(sha1_email, 'sha1'), 'hex')",
                "DROP EXTENSION pgcrypto",
                "CREATE TABLE cards (id int PRIMARY KEY, kind text, card_last4 text)",
                "INSERT INTO cards SELECT i, CASE WHEN i % 2 = 0 THEN 'visa' ELSE 'amex' END,"
                        + " CASE WHEN i IN (2, 3) THEN '0000' ELSE lpad((i * 7)::text, 4, '0') END"
                        + " FROM generate_series(1, 10) i",
                "CREATE TABLE tokens (id int PRIMARY KEY, token text)",
                "INSERT INTO tokens SELECT i, CASE WHEN i = 1 THEN 'revoked' ELSE md5(i::text) END"
                        + " FROM generate_series(1, 4) i");
    }

    /** The columns these rules leave alone are the leak check's witnesses, not its subject: the scan only warns. */
    private Sync sync(String yaml) {
        return Sync.into(pg.url(target), dump).rules(rules(yaml + "pii_scan:\n  policy: warn\n"));
    }

    @Test
    void everyDisguiseOfAnOriginalFailsTheRunNamingItsColumnAndKind() throws IOException {
        Sync sync = sync("""
                tables:
                  - table: people
                    columns:
                      upper_email: "upper(upper_email)"
                      padded_email: "padded_email || ' '"
                      reversed_email: "reverse(reversed_email)"
                      md5_email: "md5(md5_email)"
                      sha1_email: "sha1_hint"
                      sha256_email: "encode(sha256(convert_to(sha256_email, 'UTF8')), 'hex')"
                      moved_from: "'x' || id"
                      moved_to: "moved_from"
                      shuffled: "lag(shuffled, 1, 'nobody') OVER (ORDER BY id)"
                      phone: "replace(phone, ' ', '')"
                """);
        SyncRun run = sync.run();
        assertEquals(1, run.exitCode(), run::error);
        for (String expected : List.of("upper_email: 30 normalized", "padded_email: 30 normalized",
                "reversed_email: 30 reversed", "md5_email: 30 hashed", "sha1_email: 30 hashed",
                "sha256_email: 30 hashed", "moved_to: 30 moved", "shuffled: 29 copied", "phone: 30 normalized")) {
            assertTrue(run.error().contains(expected), expected + " in " + run.error());
        }
        assertTrue(!run.error().contains("moved_from:"), "a masked column without survivor is not named");
        assertTrue(!run.error().contains("@mail.org"), "no value is quoted");
        JsonNode people = table(sync, "public.people");
        assertEquals(30 * 9 - 1, people.at("/leak_check/survivors").asLong());
        assertEquals(30, people.at("/leak_check/kinds/md5_email/hashed").asLong());
        assertEquals(29, people.at("/leak_check/kinds/shuffled/copied").asLong());
        assertEquals(0, people.at("/leak_check/per_column/moved_from").asLong());
        assertTrue(Files.readString(sync.reportDir().resolve("report.txt")).contains("moved_to: 30 moved"));
        assertTrue(Rows.strings(target, "SELECT datname FROM pg_database").stream().noneMatch(d -> d.equals(target + "_next")));
    }

    @Test
    void aConstantEqualToRealValuesAndValuesManyRowsShareDoNotFailTheRun() throws IOException {
        Sync sync = sync("""
                tables:
                  - table: people
                    columns:
                      upper_email: "'user' || id || '@example.test'"
                      city: "'Paris'"
                      nick: "(ARRAY['Alpha', 'Beta'])[1 + id % 2]"
                  - table: cards
                    condition: "kind = 'visa'"
                    columns: {card_last4: "'0000'"}
                  - table: tokens
                    query: "UPDATE tokens SET token = 'revoked'"
                """);
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("Paris", Rows.single(target, "SELECT city FROM people WHERE id = 1"));
        assertEquals("5", Rows.single(target, "SELECT count(*) FROM cards WHERE card_last4 = '0000' AND kind = 'visa'"));
        JsonNode people = table(sync, "public.people");
        assertEquals(0, people.at("/leak_check/survivors").asLong());
        assertEquals("[\"city\"]", people.at("/leak_check/constant").toString());
        assertEquals(5, people.at("/leak_check/min_shared").asLong());
        assertEquals("[\"card_last4\"]", table(sync, "public.cards").at("/leak_check/constant").toString());
        assertEquals("[\"token\"]", table(sync, "public.tokens").at("/leak_check/constant").toString());
        assertTrue(Files.readString(sync.reportDir().resolve("report.txt")).contains("constant: city"));
    }

    @Test
    void valuesFewerThanTheMinimumShareFailAsCopies() {
        SyncRun run = sync("""
                tables:
                  - table: people
                    columns:
                      nick: "(ARRAY['Alpha', 'Beta'])[1 + id % 2]"
                """).with("sync.leak-check.min-shared", "16").run();
        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("nick: 30 copied") && run.error().contains("fewer than 16 masked rows"),
                run.error());
    }

    @Test
    void aQueryRuleIsCheckedLikeAColumnsRuleAndRowsItLeftAloneAreKept() {
        SyncRun run = sync("""
                tables:
                  - table: people
                    query:
                      - "UPDATE people SET upper_email = upper(upper_email)"
                      - "UPDATE people SET padded_email = 'x' || id WHERE id > 10"
                """).run();
        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("upper_email: 30 normalized") && run.error().contains("padded_email: 10 kept"),
                run.error());
    }

    @Test
    void aMinimumShareBelowTwoIsRefused() {
        SyncRun run = sync("tables: []\n").with("sync.leak-check.min-shared", "1").run();
        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("SYNC_LEAK_CHECK_MIN_SHARED=1 must be between 2 and"), run.error());
    }

    private static JsonNode table(Sync sync, String name) throws IOException {
        JsonNode report = new ObjectMapper().readTree(Files.readString(sync.reportDir().resolve("report.json")));
        for (JsonNode t : report.get("tables")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError(name + " not in the report");
    }
}
