package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Heroku/Scalingo URLs are parsed, and the password leaves only through libpq's environment and the driver. */
class TargetDatabaseTest {

    @Test
    void scalingoUrlIsParsedWithItsParameters() {
        TargetDatabase db = TargetDatabase.parse(
                "postgres://my_app_4553:s3cr%40t@my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com:30125/my_app_4553?sslmode=prefer",
                "SCALINGO_POSTGRESQL_URL");
        assertEquals("my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com", db.host());
        assertEquals(30125, db.port());
        assertEquals("my_app_4553", db.database());
        assertEquals("s3cr@t", db.jdbcProperties().getProperty("password"));
        assertEquals("prefer", db.jdbcProperties().getProperty("sslmode"));
        assertEquals("s3cr@t", db.libpqEnvironment().get("PGPASSWORD"));
        assertEquals("prefer", db.libpqEnvironment().get("PGSSLMODE"));
        assertEquals("jdbc:postgresql://my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com:30125/my_app_4553", db.jdbcUrl());
    }

    @Test
    void passwordNeverAppearsInTextForms() {
        TargetDatabase db = TargetDatabase.parse("postgresql://u:hunter2@localhost/app", "DATABASE_URL");
        assertFalse(db.toString().contains("hunter2"));
        assertFalse(db.jdbcUrl().contains("hunter2"));
        assertEquals(5432, db.port());
        assertEquals("postgres://u:***@h/db", TargetDatabase.redact("postgres://u:hunter2@h/db"));
    }

    @Test
    void malformedUrlsGiveAnActionableMessageWithoutThePassword() {
        String noDb = assertThrows(IllegalArgumentException.class,
                () -> TargetDatabase.parse("postgres://u:hunter2@host:5432", "DATABASE_URL")).getMessage();
        assertTrue(noDb.contains("names no database"), noDb);
        assertFalse(noDb.contains("hunter2"), noDb);
        String scheme = assertThrows(IllegalArgumentException.class,
                () -> TargetDatabase.parse("mysql://u:hunter2@host/db", "DATABASE_URL")).getMessage();
        assertTrue(scheme.contains("must start with postgres://"), scheme);
        assertFalse(scheme.contains("hunter2"), scheme);
    }
}
