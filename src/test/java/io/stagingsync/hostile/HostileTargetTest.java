package io.stagingsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Sync;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An adversary holding the staging app's own role (the role the sync runs as) plants code in the target, before or
 * during the run, or ships it in the dump, to copy the raw rows of a masked table while they exist in the masking
 * session. Whatever the run's outcome, no raw value may reach any table of the target, and the planted code, when
 * it runs at all, sees masked values only.
 */
class HostileTargetTest extends FreshTargetTest {

    private static final String PASSWORD = PostgresServer.APP_PASSWORD;
    private static final int PEOPLE = 40;

    /** The adversary's tools: a table of its own, and a function copying every relation of the caller's temp schema. */
    private static final String[] LOOT = {
            "CREATE TABLE public.loot (rel text, v text)",
            """
            CREATE FUNCTION public.grab() RETURNS void LANGUAGE plpgsql AS $f$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT c.relname FROM pg_catalog.pg_class c
                        WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relkind = 'r' LOOP
                EXECUTE pg_catalog.format('INSERT INTO public.loot SELECT %L, t::text FROM pg_temp.%I t', r.relname, r.relname);
              END LOOP;
            END $f$""",
            "CREATE FUNCTION public.grab_trigger() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$f$ BEGIN PERFORM public.grab(); RETURN NULL; END $f$",
            "CREATE FUNCTION public.grab_true() RETURNS boolean LANGUAGE plpgsql AS "
                    + "$f$ BEGIN PERFORM public.grab(); RETURN true; END $f$",
            "CREATE FUNCTION public.grab_text() RETURNS text LANGUAGE plpgsql AS "
                    + "$f$ BEGIN PERFORM public.grab(); RETURN 'x'; END $f$",
    };

    private static final String RULES = """
            tables:
              - table: people
                columns:
                  email: "'user' || id || '@demo.test'"
                  name: "'Person ' || id"
            pii_scan: {policy: warn}
            """;

    private String role;
    private final List<String> loot = new CopyOnWriteArrayList<>();

    /**
     * The target's app role ({@link PostgresServer#createAppRole}), owner of the target and
     * allowed to create the databases swap and copies modes make: it goes with the target, dropped in the background
     * after the test (a DROP DATABASE waits for a checkpoint).
     */
    @BeforeEach
    void appRole() {
        role = pg.createAppRole(target, false);
        pg.execute("postgres", "ALTER ROLE " + role + " CREATEDB", "ALTER DATABASE " + target + " OWNER TO " + role);
    }

    /** What a failed swap or copies run may have left beside the target, which the role owns: dropped before it. */
    @AfterEach
    void dropWhatTheRunLeft() {
        pg.dropDatabase(target + "_next");
        pg.dropDatabase(target + "_previous");
        pg.dropCopies(target);
    }

    // ---- planted during the run, as soon as the table exists, in the database the run writes ----

    @ParameterizedTest
    @ValueSource(strings = {"swap", "copies", "in-place"})
    void triggerPlantedDuringTheLoadSeesOnlyMaskedRows(String mode) {
        plantedAfterPreData(mode, people(""),
                "CREATE TRIGGER t AFTER INSERT ON public.people FOR EACH STATEMENT EXECUTE FUNCTION public.grab_trigger()");
    }

    @Test
    void triggerOnAPartitionSeesOnlyMaskedRows() {
        plantedAfterPreData("in-place", partitionedPeople(),
                "CREATE TRIGGER t AFTER INSERT ON public.people_1 FOR EACH STATEMENT EXECUTE FUNCTION public.grab_trigger()");
    }

    @Test
    void checkConstraintAddedDuringTheLoadSeesOnlyMaskedRows() {
        plantedAfterPreData("swap", people(""), "ALTER TABLE public.people ADD CONSTRAINT c CHECK (public.grab_true())");
    }

    @Test
    void columnDefaultAddedDuringTheLoadSeesOnlyMaskedRows() {
        plantedAfterPreData("in-place", people(""), "ALTER TABLE public.people ADD COLUMN extra text DEFAULT public.grab_text()");
    }

    @Test
    void ruleAddedDuringTheLoadSeesOnlyMaskedRows() {
        plantedAfterPreData("swap", people(""), "CREATE RULE r AS ON INSERT TO public.people DO ALSO SELECT public.grab()");
    }

    @Test
    void policyAddedDuringTheLoadSeesOnlyMaskedRows() {
        plantedAfterPreData("in-place", people(""), "ALTER TABLE public.people ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE public.people FORCE ROW LEVEL SECURITY",
                "CREATE POLICY p ON public.people USING (true) WITH CHECK (public.grab_true())");
    }

    // ---- planted once, before any sync ----

    @Test
    void operatorPlantedBeforeTheSyncNeverRuns() throws SQLException {
        // the column is varchar: a public.=(varchar, varchar) is a closer match than pg_catalog's text = text
        asApp(target, LOOT);
        asApp(target, "CREATE FUNCTION public.eq_grab(varchar, varchar) RETURNS boolean LANGUAGE plpgsql AS "
                        + "$f$ BEGIN PERFORM public.grab(); RETURN $1::text OPERATOR(pg_catalog.=) $2::text; END $f$",
                "CREATE OPERATOR public.= (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = public.eq_grab)",
                "CREATE OPERATOR public.<> (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = public.eq_grab)");
        SyncRun run = sync("in-place", people(""), s -> s);
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(0, count(target, "SELECT count(*) FROM public.loot"), "the planted operator never ran");
        assertNoRawValueAnywhere(target);
    }

    // ---- shipped in the dump ----

    @Test
    void domainCheckOfTheDumpSeesOnlyMaskedValues() {
        Path dump = dumpOf("hostile_domain", "",
                "CREATE TABLE public.loot (rel text, v text)",
                "CREATE FUNCTION public.spy(text) RETURNS boolean LANGUAGE plpgsql AS "
                        + "$f$ BEGIN INSERT INTO public.loot VALUES ('domain', $1); RETURN true; END $f$",
                "CREATE FUNCTION public.spy_immutable(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS "
                        + "$f$ BEGIN RETURN public.spy($1); END $f$",
                "CREATE DOMAIN public.email_address AS varchar(100) CHECK (public.spy_immutable(VALUE))",
                peopleTable("public.email_address", ""), peopleRows(), "TRUNCATE public.loot");
        SyncRun run = sync("in-place", dump, s -> s.at("load-data", "restore-sequence-values", false, this::takeLoot));
        assertFalse(loot.isEmpty(), "the domain's check ran on the rows");
        assertLootMaskedOnly();
        assertNoRawValueAnywhere(target);
        assertTrue(run.status() == SyncRun.Status.SUCCESS || run.status() == SyncRun.Status.FAILED, run::error);
    }

    @Test
    void partialUniqueIndexPredicateOfTheDumpSeesOnlyMaskedRows() {
        List<String> statements = new ArrayList<>(List.of(LOOT));
        statements.add("CREATE FUNCTION public.p(integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS "
                + "$f$ BEGIN PERFORM public.grab(); RETURN true; END $f$");
        statements.add(peopleTable("varchar(100)", ""));
        statements.add(peopleRows());
        statements.add("CREATE UNIQUE INDEX people_email_p ON public.people (email) WHERE public.p(id)");
        statements.add("TRUNCATE public.loot");
        Path dump = dumpOf("hostile_index", "", statements.toArray(String[]::new));
        SyncRun run = sync("swap", dump, s -> s.at("load-data", "restore-sequence-values", false, this::takeLoot));
        assertFalse(loot.isEmpty(), "the unique-key check ran the index predicate");
        assertLootMaskedOnly();
        assertNoRawValueAnywhere(target);
        // the predicate wrote into a table of the archive: the row counts differ from the archive's
        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().contains("public.loot"), run.error());
    }

    @Test
    void generatedColumnCallingADumpFunctionSeesOnlyMaskedValues() {
        List<String> statements = new ArrayList<>(List.of(LOOT));
        statements.add("CREATE FUNCTION public.shout(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS "
                + "$f$ BEGIN PERFORM public.grab(); RETURN upper($1); END $f$");
        statements.add(peopleTable("varchar(100)", ", loud text GENERATED ALWAYS AS (public.shout(email)) STORED"));
        statements.add(peopleRows());
        statements.add("TRUNCATE public.loot");
        Path dump = dumpOf("hostile_generated", "", statements.toArray(String[]::new));
        SyncRun run = sync("in-place", dump, s -> s.at("load-data", "restore-sequence-values", false, this::takeLoot));
        assertFalse(loot.isEmpty(), "the generated column's function ran");
        assertLootMaskedOnly();
        assertNoRawValueAnywhere(target);
    }

    // ---- what the rules may name ----

    @Test
    void ruleCallingAnUnqualifiedDumpFunctionIsRefusedNamingTheSchema() {
        Path dump = dumpOf("hostile_unqualified", "",
                "CREATE FUNCTION public.fake_email(integer) RETURNS text LANGUAGE sql AS $f$ SELECT 'u' || $1 || '@demo.test' $f$",
                peopleTable("varchar(100)", ""), peopleRows());
        SyncRun run = Sync.into(pg.url(target, role, PASSWORD), dump).rules(rules(RULES.replace(
                "\"'user' || id || '@demo.test'\"", "\"fake_email(id)\""))).run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("public.fake_email("), run.error());
        assertEquals(0, count(target, "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'people'"),
                "refused before the target was touched");
    }

    @Test
    void ruleCallingAQualifiedDumpFunctionWorksAndIsReported() throws Exception {
        Path dump = dumpOf("hostile_qualified", "",
                "CREATE FUNCTION public.fake_email(integer) RETURNS text LANGUAGE sql AS $f$ SELECT 'u' || $1 || '@demo.test' $f$",
                peopleTable("varchar(100)", ""), peopleRows());
        Sync sync = Sync.into(pg.url(target, role, PASSWORD), dump).rules(rules(RULES.replace(
                "\"'user' || id || '@demo.test'\"", "\"public.fake_email(id)\"")));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        String report = java.nio.file.Files.readString(sync.reportDir().resolve("report.json"));
        assertTrue(report.replaceAll("\\s", "").contains("\"runs_on_raw_rows\":[\"public.fake_email()\"]"), report);
        assertNoRawValueAnywhere(target);
    }

    // ---- fixtures ----

    private void plantedAfterPreData(String mode, Path dump, String... plant) {
        SyncRun run = sync(mode, dump, s -> s
                .atRun("restore-schema", "restore-pre-data", false, restoring -> {
                    String database = restoring.target().workDatabase();
                    asApp(database, LOOT);
                    asApp(database, plant);
                })
                .at("load-data", "restore-sequence-values", false, this::takeLoot));
        assertFalse(loot.isEmpty(), "the planted code ran in the masking session");
        assertLootMaskedOnly();
        assertNoRawValueAnywhere(target);
        assertTrue(run.status() == SyncRun.Status.SUCCESS || run.status() == SyncRun.Status.FAILED, run::error);
    }

    private SyncRun sync(String mode, Path dump, java.util.function.UnaryOperator<Sync> setup) {
        return setup.apply(Sync.into(pg.url(target, role, PASSWORD), dump).rules(rules(RULES))
                .with("sync.target-mode", mode)).run();
    }

    /** What the adversary's table holds once every table was loaded: read by the adversary, as it would. */
    private void takeLoot() {
        List<String> databases = new ArrayList<>(List.of(target + "_next", target));
        databases.addAll(pg.copiesOf(target));
        for (String database : databases) {
            try (Connection c = pg.connect(database, role, PASSWORD); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM public.loot")) {
                while (rs.next()) {
                    loot.add(rs.getString(1));
                }
            } catch (SQLException e) {
                // no such database (in place) or no loot table there
            }
        }
    }

    private void assertLootMaskedOnly() {
        for (String taken : loot) {
            for (String raw : rawValues()) {
                assertFalse(taken.contains(raw), "the adversary got a raw value: " + taken);
            }
        }
        assertTrue(loot.stream().anyMatch(v -> v.contains("@demo.test") || v.contains("Person ")),
                "the adversary saw the masked rows: " + loot);
    }

    /** Every table of every schema, in the target and in any copy beside it, as text. */
    private void assertNoRawValueAnywhere(String database) {
        List<String> databases = new ArrayList<>(List.of(database, database + "_next", database + "_previous"));
        databases.addAll(pg.copiesOf(database));
        for (String db : databases) {
            if (count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'") == 0) {
                continue;
            }
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') "
                        + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                        while (rs.next()) {
                            String row = rs.getString(1);
                            for (String raw : rawValues()) {
                                assertFalse(row.contains(raw), db + ": " + table + " holds a raw value: " + row);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> rawValues() {
        return IntStream.rangeClosed(1, PEOPLE).boxed()
                .flatMap(i -> java.util.stream.Stream.of("real.person" + i + "@corp.example", "Real Name " + i))
                .toList();
    }

    private Path people(String extra) {
        return dumpOf("hostile_people", "", peopleTable("varchar(100)", extra), peopleRows());
    }

    private Path partitionedPeople() {
        return dumpOf("hostile_partitioned", "",
                "CREATE TABLE public.people (id integer NOT NULL, email varchar(100) NOT NULL, name varchar(100)) "
                        + "PARTITION BY RANGE (id)",
                "CREATE TABLE public.people_1 PARTITION OF public.people FOR VALUES FROM (0) TO (1000)",
                peopleRows());
    }

    private static String peopleTable(String emailType, String extra) {
        return "CREATE TABLE public.people (id integer PRIMARY KEY, email " + emailType + " NOT NULL, "
                + "name varchar(100)" + extra + ")";
    }

    private static String peopleRows() {
        return "INSERT INTO public.people (id, email, name) SELECT g, 'real.person' || g || '@corp.example', "
                + "'Real Name ' || g FROM generate_series(1, " + PEOPLE + ") g";
    }

    private void asApp(String database, String... statements) {
        try (Connection c = pg.connect(database, role, PASSWORD); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private long count(String database, String query) {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
