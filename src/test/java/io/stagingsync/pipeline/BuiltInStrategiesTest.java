package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gem's five built-in strategies on tables shaped like the gem's, with its leaks fixed. */
class BuiltInStrategiesTest extends FreshTargetTest {

    static final String SALT = "a-test-salt-of-32-characters-xyz";

    /** The gem's users (16 masked columns and id), phone_numbers, payment_methods, plus tables for email and address. */
    static final String[] GEM_SCHEMA = {
        """
        CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, email_md5 text, first_name text, last_name text,
            full_name text, credit_card_last_4 text, iban_last4 text, stripe_customer_id text, address_line1 text,
            address_line2 text, city text, postal_code text, birth_date date, birth_place text, billing_extra jsonb,
            zendesk_user_id bigint, created_at timestamptz DEFAULT now())""",
        """
        INSERT INTO users SELECT i, 'Person.' || i || '@gmail.com', md5('Person.' || i || '@gmail.com'),
            'Alice' || i, 'Martin' || i, 'Alice' || i || ' Martin' || i, lpad((i % 10000)::text, 4, '0'),
            lpad((i % 9999)::text, 4, '0'), 'cus_' || i, i || ' rue de Rivoli', 'Bât. ' || i, 'Paris',
            '7500' || (i % 10), date '1980-01-01' + i, 'Lyon', jsonb_build_object('vat', 'FR' || i), 1000 + i
          FROM generate_series(1, 300) i""",
        "INSERT INTO users (id) VALUES (301)",
        """
        CREATE TABLE phone_numbers (id bigint PRIMARY KEY, user_id bigint, number text UNIQUE)""",
        // the gem gave every phone of a user the same number, and cut ids above 7 digits: both collided
        """
        INSERT INTO phone_numbers SELECT i, 1 + i % 50, '+3361234' || lpad(i::text, 4, '0')
          FROM generate_series(1, 200) i""",
        "INSERT INTO phone_numbers VALUES (123456789, 7, '+33699999999'), (123456780, 7, '+33699999998'), (300, 8, NULL)",
        "CREATE TABLE payment_methods (id bigint PRIMARY KEY, user_id bigint, card_last4 text, kind text)",
        "INSERT INTO payment_methods SELECT i, i, lpad(i::text, 4, '0'), 'card' FROM generate_series(1, 100) i",
        "CREATE TABLE newsletter_subscribers (id bigint PRIMARY KEY, email text)",
        "INSERT INTO newsletter_subscribers SELECT i, 'Person.' || (i * 3) || '@gmail.com' FROM generate_series(1, 80) i",
        """
        CREATE TABLE shipping_addresses (id bigint PRIMARY KEY, address_line1 text, address_line2 text, city text,
            postal_code text)""",
        """
        INSERT INTO shipping_addresses SELECT i, CASE WHEN i % 5 <> 0 THEN i || ' avenue Foch' END, 'Apt ' || i,
            'Marseille', '1300' || (i % 10) FROM generate_series(1, 60) i""",
    };

    static final String GEM_RULES = """
            tables:
              - table: users
                strategy: user
              - table: phone_numbers
                strategy: phone
              - table: payment_methods
                strategy: payment
              - table: newsletter_subscribers
                strategy: email
              - table: shipping_addresses
                strategy: address
            pii_scan: {policy: warn}
            """;

    private Sync sync(Path dump, String yaml) {
        return Sync.into(pg.url(target), dump).rules(rules(yaml)).with("sync.anonymization.salt", SALT);
    }

    /** The gem's tables, loaded and dumped once for the class: the tests only read them. */
    @TempDir
    static Path classDir;
    private static String gemSource;
    private static Path gemDump;
    /** The gem's tables as {@link #GEM_RULES} with {@link #SALT} left them, synced once for the class. */
    private static String gemSynced;
    private static SyncRun gemRun;

    @AfterAll
    static void dropGemDatabases() {
        for (String db : new String[] {gemSource, gemSynced}) {
            if (db != null) {
                PostgresServer.get().dropDatabaseLater(db);
            }
        }
    }

    private Path gemDump() {
        if (gemDump == null) {
            gemSource = pg.createDatabase("gem_source");
            pg.execute(gemSource, GEM_SCHEMA);
            Path dump = classDir.resolve("gem.pgsql");
            pg.pgDump(gemSource, dump);
            gemDump = dump;
        }
        return gemDump;
    }

    /** The target becomes a copy of the gem's tables synced with {@link #GEM_RULES}; returns that run. */
    private SyncRun targetSyncedWithTheGemRules() {
        if (gemRun == null) {
            String db = pg.createDatabase("gem_synced");
            gemSynced = db;
            gemRun = Sync.into(pg.url(db), gemDump()).rules(rules(GEM_RULES)).with("sync.anonymization.salt", SALT).run();
        }
        assertEquals(SyncRun.Status.SUCCESS, gemRun.status(), gemRun::error);
        targetIsACopyOf(gemSynced);
        return gemRun;
    }

    @Test
    void everyBuiltInStrategyLeavesNoOriginalValueInAnyColumnItTouches() {
        SyncRun run = targetSyncedWithTheGemRules();
        List<String> touched = List.of("users.email", "users.email_md5", "users.first_name", "users.last_name",
                "users.full_name", "users.credit_card_last_4", "users.iban_last4", "users.stripe_customer_id",
                "users.address_line1", "users.address_line2", "users.city", "users.postal_code", "users.birth_date",
                "users.birth_place", "users.billing_extra", "users.zendesk_user_id", "phone_numbers.number",
                "payment_methods.card_last4", "newsletter_subscribers.email", "shipping_addresses.address_line1",
                "shipping_addresses.address_line2", "shipping_addresses.city", "shipping_addresses.postal_code");
        for (String column : touched) {
            String[] tc = column.split("\\.");
            Set<String> survivors = new HashSet<>(Rows.values(target, tc[0], tc[1]));
            survivors.retainAll(Rows.values(gemSource, tc[0], tc[1]));
            assertTrue(survivors.isEmpty(), column + " keeps " + survivors);
        }
        assertEquals(List.of("users", "phone_numbers", "payment_methods", "newsletter_subscribers",
                "shipping_addresses").size(), run.results().tables().values().stream()
                .filter(t -> t.rule().startsWith("strategy:")).count());
        run.results().tables().values().forEach(t -> assertEquals(0, t.totalSurvivors(), t.table()));
    }

    @Test
    void derivedColumnsAreComputedFromTheMaskedValuesNeverFromTheOriginals() {
        targetSyncedWithTheGemRules();
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE email IS NOT NULL AND "
                + "(full_name IS DISTINCT FROM first_name || ' ' || last_name OR email_md5 IS DISTINCT FROM md5(email))"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE full_name LIKE '%Alice%' "
                + "OR full_name LIKE '%Martin%'"));
        assertEquals("Demo", Rows.single(target, "SELECT first_name FROM users WHERE id = 1"));
        assertTrue(Rows.single(target, "SELECT email FROM users WHERE id = 1").matches("user-[0-9a-f]{32}@example\\.test"));
    }

    @Test
    void nullStaysNullAndEveryAddressColumnIsMaskedEvenWithoutAStreet() {
        targetSyncedWithTheGemRules();
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE id = 301 AND num_nonnulls(email, "
                + "email_md5, first_name, last_name, full_name, city, birth_date, billing_extra) > 0"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM phone_numbers WHERE id = 300 AND number IS NOT NULL"));
        // the gem kept city and postal code of rows without address_line1
        assertEquals(Set.of("Demo City"), Rows.values(target, "shipping_addresses", "city"));
        assertEquals("12", Rows.single(target, "SELECT count(*) FROM shipping_addresses WHERE address_line1 IS NULL"));
    }

    @Test
    void phoneNumbersAreUniquePerRowEvenForLongIdsAndSharedUsers() {
        targetSyncedWithTheGemRules();
        assertEquals(Rows.single(target, "SELECT count(number) FROM phone_numbers"),
                Rows.single(target, "SELECT count(DISTINCT number) FROM phone_numbers"));
        assertEquals("+999123456789", Rows.single(target, "SELECT number FROM phone_numbers WHERE id = 123456789"));
        assertEquals("+999000000001", Rows.single(target, "SELECT number FROM phone_numbers WHERE id = 1"));
    }

    @Test
    void sameValueAndSaltGiveTheSamePseudonymInEveryTableAndEveryRun() {
        targetSyncedWithTheGemRules();
        Path dump = gemDump();
        String joined = "SELECT count(*) FROM newsletter_subscribers n JOIN users u ON u.email = n.email";
        assertEquals("80", Rows.single(target, joined), "subscriber i is user 3i: their masked emails still join");
        String firstEmails = Rows.checksum(target, "(SELECT id, email, last_name FROM users)");

        SyncRun again = sync(dump, GEM_RULES).run();
        assertEquals(SyncRun.Status.SUCCESS, again.status(), again::error);
        assertEquals(firstEmails, Rows.checksum(target, "(SELECT id, email, last_name FROM users)"));

        SyncRun otherSalt = sync(dump, GEM_RULES).with("sync.anonymization.salt", "another-salt-of-enough-length").run();
        assertEquals(SyncRun.Status.SUCCESS, otherSalt.status(), otherSalt::error);
        assertFalse(firstEmails.equals(Rows.checksum(target, "(SELECT id, email, last_name FROM users)")),
                "another salt, other pseudonyms");
    }

    @Test
    void fakeDomainStreetAndCityAreSettings() {
        SyncRun run = sync(gemDump(), GEM_RULES).with("sync.anonymization.fake-domain", "staging.acme.test")
                .with("sync.anonymization.fake-city", "Nowhere").with("sync.anonymization.fake-street", "2 Test Lane")
                .run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertTrue(Rows.single(target, "SELECT email FROM newsletter_subscribers WHERE id = 1").endsWith("@staging.acme.test"));
        assertEquals(Set.of("Nowhere"), Rows.values(target, "users", "city"));
        assertEquals(Set.of("2 Test Lane"), Rows.values(target, "shipping_addresses", "address_line1"));
    }

    @Test
    void columnsTheTableLacksAreSkippedAndListedInTheReport() throws Exception {
        Path dump = dumpOf("lean", "", "CREATE TABLE members (id int PRIMARY KEY, email text, first_name text, city text)",
                "INSERT INTO members SELECT i, 'm' || i || '@corp.example', 'Zoé', 'Lille' FROM generate_series(1, 10) i");
        Sync sync = sync(dump, "tables:\n  - table: members\n    strategy: user\n");
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        JsonNode report = new ObjectMapper().readTree(sync.reportDir().resolve("report.json").toFile());
        JsonNode members = report.get("tables").get(0);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dump))),
                report.get("archive").get("sha256").asText(), "the report names the exact dump restored");
        assertEquals(List.of("email", "first_name", "city"), List.copyOf(run.results().tables().get("public.members").maskedColumns()));
        Set<String> skipped = new HashSet<>();
        members.get("skipped_columns").forEach(n -> skipped.add(n.asText()));
        assertTrue(skipped.containsAll(Set.of("email_md5", "last_name", "full_name", "birth_date", "zendesk_user_id")),
                skipped.toString());
        assertEquals(0, members.get("verification").get("violations").asLong());
    }

    @Test
    void strategyThatMatchesNoColumnIsRefusedBeforeAnythingIsTouched() {
        Path dump = dumpOf("nomatch", "", "CREATE TABLE devices (id int PRIMARY KEY, serial text)",
                "INSERT INTO devices VALUES (1, 'SN-1')");
        SyncRun run = sync(dump, "tables:\n  - table: devices\n    strategy: phone\n").run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("tables[0] (devices): the built-in strategy 'phone' matches no column of "
                + "public.devices (it writes number; the table has [id, serial])"), run.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
    }

    @Test
    void withoutSaltTheStrategiesThatNeedItAreRefusedAndTheOthersRun() {
        Path dump = gemDump();
        SyncRun refused = Sync.into(pg.url(target), dump).rules(rules(GEM_RULES)).run();
        assertEquals(2, refused.exitCode(), refused::error);
        assertTrue(refused.error().contains("tables[0] (users): the built-in strategy 'user' writes salted pseudonyms "
                + "into [email, email_md5, last_name, full_name] and SYNC_ANONYMIZATION_SALT is not set"), refused.error());
        assertTrue(refused.error().contains("tables[3] (newsletter_subscribers)"), refused.error());
        assertFalse(refused.error().contains("payment_methods"), refused.error());
        assertFalse(refused.error().contains(SALT));

        SyncRun unsalted = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: payment_methods
                    strategy: payment
                  - table: shipping_addresses
                    strategy: address
                  - table: users
                    strategy: user
                    columns: {email: "'u' || id || '@example.test'", email_md5: "NULL", last_name: "'N' || id"}
                  - table: phone_numbers
                    strategy: phone
                  - table: newsletter_subscribers
                    columns: {email: "'n' || id || '@example.test'"}
                pii_scan: {policy: warn}
                """)).run();
        assertEquals(SyncRun.Status.SUCCESS, unsalted.status(), unsalted::error);
    }

    @Test
    void shortSaltIsRefused() {
        SyncRun run = sync(gemDump(), GEM_RULES).with("sync.anonymization.salt", "short").run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("SYNC_ANONYMIZATION_SALT is shorter than 16 characters"), run.error());
        assertFalse(run.error().contains("short\""));
    }

    @Test
    void constantIntoAUniqueKeyIsRefusedBeforeTheRun() {
        Path dump = dumpOf("uniquecard", "", "CREATE TABLE payment_methods (id int PRIMARY KEY, card_last4 text)",
                "CREATE UNIQUE INDEX payment_methods_card ON payment_methods (card_last4) WHERE id > 0",
                "INSERT INTO payment_methods SELECT i, lpad(i::text, 4, '0') FROM generate_series(1, 5) i");
        SyncRun run = sync(dump, "tables:\n  - table: payment_methods\n    strategy: payment\n").run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("can write the same value into card_last4 for different rows, but "
                + "payment_methods_card on public.payment_methods requires distinct values"), run.error());
    }

    @Test
    void columnsRuleThatCollapsesAUniqueKeyFailsBeforeItsRowsCommit() {
        Path dump = dumpOf("collapse", "", "CREATE TABLE accounts (id int PRIMARY KEY, login text, tenant int)",
                "ALTER TABLE accounts ADD CONSTRAINT accounts_login_tenant UNIQUE (tenant, login)",
                "INSERT INTO accounts SELECT i, 'login' || i, 1 FROM generate_series(1, 20) i");
        SyncRun run = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: accounts
                    columns: {login: "'user' || (id % 3)"}
                pii_scan: {policy: warn}
                """)).run();
        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("gives 3 duplicated values of [tenant, login], which accounts_login_tenant "
                + "requires to be unique"), run.error());
        assertFalse(Rows.tableExists(target, "accounts") && Rows.count(target, "accounts") > 0);
    }

    @Test
    void valueTheGeneratorCannotHaveFailsVerificationAndCommitsNothing() {
        Path dump = dumpOf("negative", "", "CREATE TABLE phone_numbers (id int PRIMARY KEY, number text)",
                "INSERT INTO phone_numbers SELECT i, '+3361234567' || abs(i) FROM generate_series(-3, 3) i");
        SyncRun run = sync(dump, "tables:\n  - table: phone_numbers\n    strategy: phone\n").run();
        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("verification failed for public.phone_numbers (tables[0] (phone_numbers)): "
                + "masked values do not look as the strategy writes them {number=3}"), run.error());
        assertFalse(Rows.tableExists(target, "phone_numbers") && Rows.count(target, "phone_numbers") > 0);
    }
}
