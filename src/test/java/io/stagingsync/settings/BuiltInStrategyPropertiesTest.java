package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.stagingsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Determinism and uniqueness of the built-in generators over 10^5 values, evaluated by the real server. */
class BuiltInStrategyPropertiesTest {

    static final int N = 100_000;
    static final String SALT = "property-test-salt-0123456789";
    static final PostgresServer PG = PostgresServer.get();
    static String db;

    @BeforeAll
    static void values() {
        db = PG.createDatabase("strategy_properties");
        // emails differing only by case are distinct values and must stay distinct; ids reach 10^13
        PG.execute(db, "CREATE TABLE people (id bigint, email text, email_md5 text, last_name text, number text)",
                "INSERT INTO people SELECT i::bigint * 100000007, CASE WHEN i % 2 = 0 THEN 'Person' ELSE 'person' END || (i / 2) "
                        + "|| '@gmail.com', NULL, 'Name' || i, '+336' || lpad(i::text, 8, '0') FROM generate_series(1, "
                        + N + ") i");
    }

    @AfterAll
    static void drop() {
        PG.dropDatabase(db);
    }

    private static Map<String, String> user() {
        return BuiltInStrategy.expand("user", List.of("id", "email", "email_md5", "last_name"), Map.of(),
                MaskingSettings.unsalted()).columns();
    }

    private static String phone() {
        return BuiltInStrategy.expand("phone", List.of("id", "number"), Map.of(), MaskingSettings.unsalted())
                .columns().get("number");
    }

    private static String phoneWithoutId() {
        return BuiltInStrategy.expand("phone", List.of("number"), Map.of(), MaskingSettings.unsalted())
                .columns().get("number");
    }

    private static String query(String salt, String sql) throws SQLException {
        try (Connection c = PG.connect(db)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
                ps.setString(1, BuiltInStrategy.SALT_SETTING);
                ps.setString(2, salt);
                ps.execute();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void distinctEmailsGiveDistinctPseudonymsThatMatchTheirPattern() throws SQLException {
        String email = user().get("email");
        assertEquals(Integer.toString(N), query(SALT, "SELECT count(DISTINCT " + email + ") FROM people"));
        assertEquals("0", query(SALT, "SELECT count(*) FROM people WHERE (" + email
                + ") !~ '^user-[0-9a-f]{32}@example\\.test$'"));
        assertEquals(Integer.toString(N), query(SALT, "SELECT count(DISTINCT " + user().get("email_md5") + ") FROM people"));
    }

    @Test
    void sameValueAndSaltGiveTheSamePseudonymInAnotherSessionAndAnotherSaltDoesNot() throws SQLException {
        String digest = "SELECT md5(string_agg(" + user().get("email") + " || " + user().get("last_name")
                + ", ',' ORDER BY id)) FROM people";
        String first = query(SALT, digest);
        assertEquals(first, query(SALT, digest));
        assertNotEquals(first, query(SALT + "x", digest));
    }

    @Test
    void phoneNumbersAreUniquePerRowWithoutTruncatingLongIds() throws SQLException {
        assertEquals(Integer.toString(N), query(SALT, "SELECT count(DISTINCT " + phone() + ") FROM people"));
        assertEquals("0", query(SALT, "SELECT count(*) FROM people WHERE (" + phone() + ") !~ '^\\+999[0-9]{9,}$'"));
        assertEquals("+99910000000700000", query(SALT, "SELECT " + phone() + " FROM people WHERE id = 10000000700000"));
    }

    @Test
    void phoneNumbersWithoutAnIdAreDeterministicAndCollideRarely() throws SQLException {
        String digest = "SELECT md5(string_agg(" + phoneWithoutId() + ", ',' ORDER BY id)) FROM people";
        assertEquals(query(SALT, digest), query(SALT, digest));
        long distinct = Long.parseLong(query(SALT, "SELECT count(DISTINCT " + phoneWithoutId() + ") FROM people"));
        // 12 digits: about N^2 / 2e12 = 0.005 expected collisions
        assertEquals(N, distinct, 1);
    }
}
