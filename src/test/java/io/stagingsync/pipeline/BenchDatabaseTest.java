package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.Backups;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's pieces stay runnable: its generator, its rules for staging-sync and the gem's statements. */
class BenchDatabaseTest {

    private final PostgresServer pg = PostgresServer.get();

    @TempDir
    Path dir;

    @Test
    void benchDatabaseIsGeneratedToScaleAndSyncsWithItsRulesMaskingTheGemsColumns() throws IOException {
        String source = pg.createDatabase("bench_source");
        String target = pg.createDatabase("bench_target");
        try {
            pg.psql(source, Path.of("bench/app-db.sql"), "users=300");
            assertEquals(300, Rows.count(source, "users"));
            assertEquals(450, Rows.count(source, "phone_numbers"));
            assertEquals(2400, Rows.count(source, "bookings"));
            assertEquals("12", Rows.single(source, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'bookings'::regclass"));
            assertEquals("0", Rows.single(source, "SELECT count(*) FROM ONLY bookings"));
            Path dump = dir.resolve("bench.pgsql");
            pg.pgDump(source, dump);

            SyncRun run = Sync.into(pg.url(target), Backups.scalingoArchive(dump, dir, "20261204000000_bench-app"))
                    .rules(Path.of("bench/app-rules.yaml")).run();

            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            TableResult users = run.results().tables().get("public.users");
            assertEquals(16, users.maskedColumns().size(), users.maskedColumns()::toString);
            assertEquals(0, users.totalSurvivors());
            assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE email NOT LIKE '%@example.test' "
                    + "OR full_name NOT LIKE 'Demo User %' OR birth_date IS NOT NULL"));
            assertEquals(Rows.checksum(source, "bookings"), Rows.checksum(target, "bookings"));
            assertEquals(Rows.single(source, "SELECT count(*) FROM parking_monthly_revenue"),
                    Rows.single(target, "SELECT count(*) FROM parking_monthly_revenue"));

            for (String table : List.of("users", "phone_numbers", "payment_methods")) {
                pg.psql(source, Path.of("bench/gem/" + table + ".sql"));
            }
            assertEquals("300", Rows.single(source, "SELECT count(*) FROM users WHERE first_name = 'Demo' "
                    + "AND email LIKE '%@demo.yespark.fr' AND zendesk_user_id IS NULL"));
            assertEquals("450", Rows.single(source, "SELECT count(*) FROM phone_numbers WHERE number LIKE '060%'"));
            assertEquals("300", Rows.single(source, "SELECT count(*) FROM payment_methods WHERE card_last4 = '0000'"));
        } finally {
            pg.dropDatabase(source);
            pg.dropDatabase(target);
        }
    }
}
