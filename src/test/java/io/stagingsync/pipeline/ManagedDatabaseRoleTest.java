package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As on Scalingo: the sync runs as a role without CREATEDB that does not own the database, only holds privileges
 * on it — in place is the only way, and must work, succeed again over its own copy, and fail closed.
 */
class ManagedDatabaseRoleTest {

    final PostgresServer pg = PostgresServer.get();
    final SampleDatabase sample = SampleDatabase.get();
    String target;
    String role;

    @TempDir
    Path dir;

    @BeforeEach
    void createRoleAndDatabase() {
        target = pg.createDatabase("managed");
        role = pg.createAppRole(target, true);
    }

    @AfterEach
    void dropRoleAndDatabase() {
        pg.dropDatabaseLater(target);
    }

    @Test
    void syncRunsAsARoleWithoutCreatedbOrOwnership() {
        assertEquals("f", Rows.single(target, "SELECT (d.datdba = r.oid)::text::char FROM pg_database d, pg_roles r "
                + "WHERE d.datname = current_database() AND r.rolname = '" + role + "'"));
        String url = pg.appUrl(target);
        SyncRun first = Sync.into(url, sample.archive()).run();
        assertEquals(SyncRun.Status.SUCCESS, first.status(), first::error);
        SyncRun second = Sync.into(url, sample.archive()).run();
        assertEquals(SyncRun.Status.SUCCESS, second.status(), second::error);
        assertEquals(Rows.count(sample.sourceDb(), "payments"), Rows.count(target, "payments"));
        assertEquals(role, Rows.single(target, "SELECT tableowner FROM pg_tables WHERE tablename = 'users'"));
    }

    @Test
    void failedRunAsManagedRoleLeavesNoRawData() throws IOException {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "tables:\n  - table: users\n    columns: {email: \"email || 1 / (id - id)\"}\npii_scan: {policy: warn}\n");
        SyncRun run = Sync.into(pg.appUrl(target), sample.archive()).rules(rules).run();
        assertEquals(1, run.exitCode());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertFalse(Rows.tableExists(target, "public.users"));
        assertFalse(Rows.tableExists(target, "public.orders"));
    }
}
