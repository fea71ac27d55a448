package io.stagingsync.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.LeakFindings;
import io.stagingsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The screen that lets a table skip the full leak check: on the same private copies it lets through every survivor
 * the full check finds, whatever its kind, row or column; on a clean table both find nothing, and the full query
 * does not run.
 */
class LeakCheckScreenTest {

    private static final List<PrivateColumns.Column> COLUMNS = List.of("email", "name", "phone", "note", "empty").stream()
            .map(n -> new PrivateColumns.Column(n, "pg_catalog.text", "pg_catalog.text")).toList();

    private final PostgresServer pg = PostgresServer.get();
    private String database;

    @BeforeEach
    void createDatabase() {
        database = pg.createDatabase("leakcheckscreen");
    }

    @AfterEach
    void dropDatabase() {
        pg.dropDatabaseLater(database);
    }

    /** One masked column's expression over the raw row (window functions reach another row); the others safe. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "none; 'user' || r || '@example.test'; 0",
        "email; upper(email); 40",
        "name; reverse(lag(email, 1, 'x') OVER (ORDER BY r)); 39",
        "name; md5(lag(phone, 1, 'x') OVER (ORDER BY r)); 39",
        "phone; regexp_replace(lag(phone, 1, 'x') OVER (ORDER BY r), '[^0-9]', '', 'g'); 39",
        "note; encode(sha256(convert_to(lower(name), 'UTF8')), 'hex'); 40",
        "name; ' ' || upper(md5(lag(phone, 1, 'x') OVER (ORDER BY r))) || E'\t'; 39",
        "phone; '(' || translate(lag(phone, 1, 'x') OVER (ORDER BY r), ' ', '.') || ')'; 39",
        "phone; translate(lag(phone, 1, 'x') OVER (ORDER BY r), ' +', '/-'); 39",
        "note; ' ' || lag(name, 3, 'x') OVER (ORDER BY r) || '  '; 37",
        "empty; CASE WHEN r % 2 = 0 THEN '' END; 0",
    })
    void letsThroughEverySurvivorTheFullCheckFinds(String column, String expression, long survivors)
            throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(MaskingSession.PINNED_SEARCH_PATH);
            s.execute("CREATE TEMP TABLE raw ON COMMIT DROP AS SELECT i AS " + MaskingSql.ROW_ID + ","
                    + " 'alice' || i || '@mail.org' AS email, 'Bob ' || i AS name,"
                    + " '+33 6 12 34 ' || lpad(i::text, 4, '0') AS phone, CASE WHEN i % 4 = 0 THEN 'Note ' || i END AS note,"
                    + " '' AS empty FROM generate_series(1, 40) i");
            String masked = COLUMNS.stream().map(col -> (col.name().equals(column) ? "(" + expression + ")"
                    : "'safe-' || r") + " AS " + col.name()).collect(Collectors.joining(", "));
            s.execute("CREATE TEMP TABLE masked ON COMMIT DROP AS SELECT r AS " + MaskingSql.ROW_ID + ", " + masked
                    + " FROM (SELECT *, " + MaskingSql.ROW_ID + " AS r FROM raw) raw");
            LeakCheckSql sql = new LeakCheckSql("pg_temp.masked", "pg_temp.raw", false, COLUMNS);
            LeakFindings full = LeakCheck.check(s, sql, 5, new StepClock(), false);
            StepClock steps = new StepClock();
            LeakFindings screened = LeakCheck.check(s, sql, 5, steps, true);
            assertEquals(survivors, full.total(), () -> "full check: " + full.byKind());
            assertEquals(full.byKind(), screened.byKind());
            assertTrue(survivors == 0 || screened.perColumn().getOrDefault(column, 0L) == survivors,
                    () -> column + " in " + screened.perColumn());
            assertEquals(survivors > 0, steps.toString().contains("survivors"), "the full query ran: " + steps);
            c.rollback();
        }
    }
}
