package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code init}: a rules file drafted from the backup's PII scan, which {@code run} then accepts with no finding. */
class InitCommandTest extends FreshTargetTest {

    private Sync init(Path archive, Path rulesFile) {
        return Sync.into(pg.url(target), archive).rules(rulesFile);
    }

    /**
     * Init, then a run with the file it wrote into a fresh target: both succeed, and nothing is left to find. The run
     * is in place: what is proved here is the rules file, which every mode reads alike, and a swap would add a
     * database created and one dropped (a server checkpoint) per run.
     */
    private String initThenRun(Path archive, Path rulesFile, String... settings) throws IOException {
        Sync sync = init(archive, rulesFile).with("sync.target-mode", "in-place");
        for (int i = 0; i < settings.length; i += 2) {
            sync.with(settings[i], settings[i + 1]);
        }
        SyncRun init = sync.run(Command.INIT);
        assertEquals(SyncRun.Status.SUCCESS, init.status(), init::error);
        assertTrue(init.results().piiFindings().isEmpty(), () -> "the written rules leave findings: " + init.results().piiFindings());
        String written = Files.readString(rulesFile);
        assertTrue(Rows.strings(target, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").isEmpty(),
                "init restores nothing");

        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), () -> run.error() + "\n" + written);
        assertTrue(run.rules().piiScan().fail(), "the written file asks for policy fail");
        assertTrue(run.results().piiFindings().isEmpty(), () -> "findings after the run: " + run.results().piiFindings());
        for (TableResult t : run.results().tables().values()) {
            assertEquals(0, t.totalSurvivors(), t.table());
        }
        return written;
    }

    private void assertMasked(String source, String table, String column) {
        Set<String> kept = new HashSet<>(Rows.values(target, table, column));
        assertFalse(Rows.values(source, table, column).isEmpty(), table + "." + column + " has data in the source");
        kept.retainAll(Rows.values(source, table, column));
        assertTrue(kept.isEmpty(), table + "." + column + " keeps " + kept);
    }

    /**
     * Runs {@code scripts} into {@code source} in one psql session whose commits do not wait for the disk: a dataset
     * script commits statement by statement, and the source need not survive a crash of the server. The setting is
     * the session's, so the dump does not carry it.
     */
    private void load(String source, Path... scripts) throws IOException {
        StringBuilder session = new StringBuilder("SET synchronous_commit = off;\n");
        for (Path script : scripts) {
            session.append("\\i '").append(script.toAbsolutePath()).append("'\n");
        }
        pg.psql(source, Files.writeString(dir.resolve(source + "-load.sql"), session));
    }

    @Test
    void initOnTheSampleDatabaseWritesRulesThatRunAcceptsWithNoFinding() throws IOException {
        Path rulesFile = dir.resolve("anonymization.yaml");
        String written = initThenRun(sample.archive(), rulesFile);

        assertTrue(written.startsWith("# Anonymization rules drafted by `staging-sync init` from the backup "
                + "20261121000000_sample-app_42"), written);
        assertTrue(written.contains("exclude_tables:\n"), written);
        assertTrue(written.contains("\n  - sessions\n"), "a session table is excluded: " + written);
        assertTrue(written.contains("  - table: phone_numbers\n"), written);
        assertTrue(written.contains("    strategy: phone\n"), "the built-in strategy that fits: " + written);
        assertTrue(written.contains("      email: \"'user_' || id || '@example.test'\""), written);
        for (String[] tc : List.of(new String[] {"users", "email"}, new String[] {"users", "last_name"},
                new String[] {"phone_numbers", "number"}, new String[] {"payment_methods", "iban"},
                new String[] {"payments", "payer_email"}, new String[] {"\"AuditTrail\"", "\"UserEmail\""},
                new String[] {"legacy_contacts", "email"}, new String[] {"addresses", "line1"})) {
            assertMasked(sample.sourceDb(), tc[0], tc[1]);
        }
        assertEquals(0, Rows.count(target, "sessions"), "excluded");
        assertEquals(Rows.single(sample.sourceDb(), "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"),
                Rows.single(target, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"),
                "every unique index was built on the masked rows");
    }

    @Test
    void initPicksTheSaltedBuiltInStrategyForUsersWhenTheSaltIsSet() throws IOException {
        String written = initThenRun(sample.archive(), dir.resolve("salted.yaml"),
                "sync.anonymization.salt", BuiltInStrategiesTest.SALT);
        assertTrue(written.contains("  - table: users\n"), written);
        assertTrue(written.matches("(?s).*  - table: users\n    # built-in strategy user: masks email.*\n"
                + "    strategy: user\n.*"), written);
        assertTrue(written.contains("SYNC_ANONYMIZATION_SALT"), "the header says the salt is needed");
        assertTrue(Rows.single(target, "SELECT email FROM users ORDER BY id LIMIT 1").matches("user-[0-9a-f]{32}@example\\.test"));
    }

    /**
     * Two kinds of tables in one archive, for one init and one run: typed columns under unique keys, and names that
     * would break the YAML or the SQL with a keyless table beside them. Neither's names or expressions reach the
     * other's, so each is drafted as it would be alone.
     */
    @Test
    void initDraftsTypedExpressionsThatKeepEveryUniqueKeySatisfiedAndQuotesNamesThatWouldInjectYamlOrSql() throws IOException {
        Path dump = dumpOf("shapes", "",
                "CREATE DOMAIN short_email AS varchar(24)",
                "CREATE TABLE people (id bigint PRIMARY KEY, email short_email NOT NULL UNIQUE, phone varchar(20) UNIQUE, "
                        + "first_name varchar(10) NOT NULL, birth_date date NOT NULL, last_ip inet UNIQUE, "
                        + "salary numeric(12,2) NOT NULL, passport_number integer UNIQUE, avatar bytea, "
                        + "profile_photo bytea NOT NULL, national_id varchar(15) NOT NULL UNIQUE, health jsonb NOT NULL, "
                        + "phone_numbers text[] NOT NULL, email_verified boolean NOT NULL, email_confirmed_at timestamptz)",
                "INSERT INTO people SELECT i, 'p' || i || '@mail.org', '+3361234' || lpad(i::text, 4, '0'), 'Name' || i, "
                        + "date '1980-01-01' + i, ('10.1.0.' || i)::inet, 1000 + i, 500000 + i, 'x'::bytea, 'y'::bytea, "
                        + "'NID' || lpad(i::text, 12, '0'), jsonb_build_object('blood', 'A'), ARRAY['+33612340000'], true, now() "
                        + "FROM generate_series(1, 30) i",
                "CREATE TABLE memberships (org_id int, person_id int, contact_email text NOT NULL UNIQUE, "
                        + "PRIMARY KEY (org_id, person_id))",
                "INSERT INTO memberships SELECT i % 3, i, 'm' || i || '@mail.org' FROM generate_series(1, 30) i",
                "CREATE TABLE accounts (id int PRIMARY KEY, login_email text NOT NULL, birthday date)",
                "CREATE UNIQUE INDEX accounts_login ON accounts (lower(login_email))",
                "INSERT INTO accounts SELECT i, 'A' || i || '@mail.org', date '1990-01-01' + i FROM generate_series(1, 30) i",
                "CREATE TABLE city (city_id int PRIMARY KEY, city text NOT NULL)",
                "INSERT INTO city VALUES (1, 'Lyon'), (2, 'Lille')",
                "CREATE TABLE api_tokens (id int PRIMARY KEY, token text NOT NULL)",
                "INSERT INTO api_tokens VALUES (1, 'secret-1')",
                "CREATE SCHEMA \"Ventes: 2024\"",
                "CREATE TABLE \"Ventes: 2024\".\"Clients #1\" (\"E-mail\" text, \"nom\"\"x\" text, \"prénom\" text, "
                        + "\"a'); DROP TABLE x; --\" text)",
                "INSERT INTO \"Ventes: 2024\".\"Clients #1\" SELECT 'c' || i || '@mail.org', 'Nom' || i, 'Jean' || i, "
                        + "'v' || i || '@mail.org' FROM generate_series(1, 20) i",
                "CREATE TABLE loose (email text UNIQUE, note text)",
                "INSERT INTO loose SELECT 'l' || i || '@mail.org', 'n' || i FROM generate_series(1, 20) i");
        String written = initThenRun(dump, dir.resolve("anonymization.yaml"));

        assertTrue(written.contains("email: \"right('user_' || id || '@example.test', 24)\""), written);
        assertTrue(written.contains("contact_email: \"'user_' || row_number() OVER () || '@example.test'\""), written);
        assertTrue(written.contains("\n    - city.city\n"), written);
        assertFalse(written.contains("email_verified") || written.contains("email_confirmed_at"),
                "a flag or a timestamp cannot hold an e-mail: the scan does not report them: " + written);
        assertTrue(written.contains("\n  - api_tokens\n"), written);
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM people WHERE email LIKE '%@mail.org' "
                + "OR phone LIKE '+336%' OR first_name LIKE 'Name%' OR last_ip << '10.1.0.0/24' "
                + "OR passport_number >= 500000 OR salary > 0 OR birth_date > '1980-01-01'"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM memberships WHERE contact_email LIKE '%@mail.org'"));
        // post-data built them on the masked rows: every unique key held
        assertEquals("10", Rows.single(target, "SELECT count(*) FROM pg_indexes WHERE tablename IN ('people', "
                + "'memberships', 'accounts') AND indexdef LIKE 'CREATE UNIQUE INDEX%'"));
        assertTrue(written.contains("      birthday: \"NULL\"\n"), "a key on an expression reads text columns only");
        assertEquals(30, Rows.count(target, "people"));
        assertEquals(0, Rows.count(target, "api_tokens"), "excluded");

        // masked, and every row kept, although their names would break the YAML or the SQL if written unquoted
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM \"Ventes: 2024\".\"Clients #1\" "
                + "WHERE \"E-mail\" LIKE '%@mail.org' OR \"a'); DROP TABLE x; --\" LIKE '%@mail.org'"), written);
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM loose WHERE email LIKE '%@mail.org'"), written);
        assertEquals(20, Rows.count(target, "loose"));
    }

    @Test
    void initOnPagilaWritesRulesThatRunAcceptsWithNoFinding() throws IOException {
        Path pagila = DatasetAcceptanceTest.datasets("pagila");
        String source = pg.createDatabase("pagila_init");
        try {
            load(source, pagila.resolve("pagila-schema.sql"), pagila.resolve("pagila-data.sql"));
            Path dump = dir.resolve("pagila.pgsql");
            pg.pgDump(source, dump);
            String written = initThenRun(dump, dir.resolve("anonymization.yaml"));

            for (String column : List.of("customer.email", "customer.last_name", "staff.email", "staff.password",
                    "address.address", "address.phone")) {
                String[] tc = column.split("\\.");
                assertMasked(source, tc[0], tc[1]);
            }
            assertTrue(written.contains("\n    - city.city\n"), "a list of places, allowed for review: " + written);
            for (String table : Rows.strings(source, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                    + "WHERE schemaname = 'public'")) {
                assertEquals(Rows.count(source, table), Rows.count(target, table), table);
            }
            String indexes = "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'";
            assertEquals(Rows.single(source, indexes), Rows.single(target, indexes), "every index built on masked rows");
        } finally {
            pg.dropDatabaseLater(source);
        }
    }

    @Test
    void initOnChinookWritesRulesThatRunAcceptsWithNoFinding() throws IOException {
        String script = Files.readString(DatasetAcceptanceTest.datasets("chinook").resolve("Chinook_PostgreSql.sql"));
        Path body = dir.resolve("chinook-body.sql");
        Files.writeString(body, script.substring(script.indexOf("\\c chinook;") + "\\c chinook;".length()));
        String source = pg.createDatabase("chinook_init");
        try {
            load(source, body);
            Path dump = dir.resolve("chinook.pgsql");
            pg.pgDump(source, dump);
            initThenRun(dump, dir.resolve("anonymization.yaml"));
            for (String column : List.of("customer.email", "customer.last_name", "customer.phone", "employee.email",
                    "employee.address")) {
                String[] tc = column.split("\\.");
                assertMasked(source, tc[0], tc[1]);
            }
        } finally {
            pg.dropDatabaseLater(source);
        }
    }

    @Test
    void initQualifiesEveryFunctionItCallsWhenTheArchiveDefinesOneOfTheSameName() throws IOException {
        Path dump = dumpOf("shadowing", "",
                "CREATE FUNCTION public.\"right\"(text, integer) RETURNS text LANGUAGE sql AS 'SELECT $1'",
                "CREATE FUNCTION public.lpad(text, integer, text) RETURNS text LANGUAGE sql AS 'SELECT $1'",
                "CREATE FUNCTION public.convert_to(text, name) RETURNS bytea LANGUAGE sql AS 'SELECT $1::bytea'",
                "CREATE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql AS "
                        + "'SELECT ''00000000-0000-0000-0000-000000000000''::uuid'",
                "CREATE FUNCTION public.row_number() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint'",
                "CREATE FUNCTION public.jsonb_build_object() RETURNS jsonb LANGUAGE sql AS 'SELECT ''{}''::jsonb'",
                "CREATE TABLE people (id int PRIMARY KEY, email varchar(24) NOT NULL UNIQUE, phone text NOT NULL UNIQUE, "
                        + "reset_token uuid NOT NULL UNIQUE, health jsonb NOT NULL, avatar bytea NOT NULL)",
                "INSERT INTO people SELECT i, 'p' || i || '@mail.org', '+3361234' || lpad(i::text, 4, '0'), "
                        + "gen_random_uuid(), jsonb_build_object('blood', 'A'), 'x'::bytea FROM generate_series(1, 20) i",
                "CREATE TABLE loose (contact_email text NOT NULL UNIQUE)",
                "INSERT INTO loose SELECT 'l' || i || '@mail.org' FROM generate_series(1, 20) i");
        String written = initThenRun(dump, dir.resolve("anonymization.yaml"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM people WHERE email LIKE '%@mail.org' "
                + "OR phone LIKE '+336%'"), written);
    }

    @Test
    void initKeepsItsFileAndFailsNamingTheEntryThatPlanRefuses() throws IOException {
        // a built-in type with no text form the draft knows: its text expression cannot pass the plan's SQL check
        Path dump = dumpOf("refused", "", "CREATE TABLE homes (id int PRIMARY KEY, home_address point NOT NULL)",
                "INSERT INTO homes VALUES (1, point(1, 2))");
        Path rulesFile = dir.resolve("anonymization.yaml");
        SyncRun init = init(dump, rulesFile).run(Command.INIT);
        assertEquals(1, init.exitCode(), init::error);
        assertTrue(init.error().contains(rulesFile.toAbsolutePath() + " was written for review, but `plan` refuses it "
                + "as it is: "), init.error());
        assertTrue(init.error().contains("tables[0] (homes): column 'home_address'"), init.error());
        assertTrue(Files.readString(rulesFile).contains("      home_address: "), "the draft is kept for the fix");
        assertEquals(SyncRun.TargetState.UNTOUCHED, init.targetState());
    }

    @Test
    void initNeverOverwritesAnExistingRulesFile() throws IOException {
        Path rulesFile = Files.writeString(dir.resolve("anonymization.yaml"), "# my reviewed rules\n");
        SyncRun init = init(sample.archive(), rulesFile).run(Command.INIT);
        assertEquals(2, init.exitCode(), init::error);
        assertTrue(init.error().contains(rulesFile.toAbsolutePath() + " already exists: init never overwrites a rules "
                + "file"), init.error());
        assertEquals("# my reviewed rules\n", Files.readString(rulesFile));
        assertTrue(init.stages().stream().noneMatch(s -> s.name().equals("fetch-backup")), "refused before the backup is read");
    }
}
