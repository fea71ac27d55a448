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
        assertEquals("my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com:30125:*:my_app_4553:s3cr@t", db.pgpassLine());
        assertFalse(db.libpqEnvironment().containsValue("s3cr@t"), "the password is not put in the environment");
        assertEquals("prefer", db.libpqEnvironment().get("PGSSLMODE"));
        assertEquals("jdbc:postgresql://my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com:30125/my_app_4553", db.jdbcUrl());
    }

    @Test
    void passwordNeverAppearsInTextForms() {
        TargetDatabase db = TargetDatabase.parse("postgresql://u:hunter2@localhost/app", "DATABASE_URL");
        assertFalse(db.toString().contains("hunter2"));
        assertFalse(db.jdbcUrl().contains("hunter2"));
        assertEquals(5432, db.port());
        assertEquals("postgres://***@h/db", TargetDatabase.redact("postgres://u:hunter2@h/db"));
        assertEquals("postgres://***@h/db", TargetDatabase.redact("postgres://u:hun/t@er2@h/db"));
        assertEquals("a+b:c\\d", TargetDatabase.parse("postgres://u:a+b%3Ac%5Cd@h/db", "DATABASE_URL")
                .jdbcProperties().getProperty("password"));
        assertEquals("h:5432:*:u:a+b\\:c\\\\d", TargetDatabase.parse("postgres://u:a+b%3Ac%5Cd@h/db", "DATABASE_URL").pgpassLine());
    }

    @Test
    void passwordsWithSlashesOrAtSignsNeverReachAMessage() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> TargetDatabase.parse("postgres://app:pa/ss@word@host", "DATABASE_URL")).getMessage();
        assertFalse(message.contains("ss@word") || message.contains("pa/ss"), message);
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
