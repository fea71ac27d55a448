package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SameDatabase;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real applications' schemas (STAGING_SYNC_DATASETS/real-schemas: Lago, OpenStreetMap), seeded with people-like rows
 * from src/test/resources/real-schemas/: the archive scan is measured against a hand-labelled list of each schema's
 * personal columns, and Lago is synced by swap, then in place over it, into a copy equal to its source.
 */
class RealSchemasAcceptanceTest {

    private static final String RULES = """
            # no rule: the scan alone is judged, and the runs copy every table as it is
            tables: []
            pii_scan:
              policy: warn
            """;

    @TempDir
    Path dir;

    /** Each schema seeded and dumped once for the class: the scan and the runs read the same archive. */
    @TempDir
    static Path classDir;
    private static final Map<String, String> SOURCES = new HashMap<>();
    private static final Map<String, Path> DUMPS = new HashMap<>();

    final PostgresServer pg = PostgresServer.get();

    @AfterAll
    static void dropSources() {
        SOURCES.values().forEach(PostgresServer.get()::dropDatabaseLater);
    }

    @Test
    void lagoScanFindsEveryLabelledPersonalColumnWithPrecision() throws IOException {
        measure("lago-api", "lago");
    }

    @Test
    void openStreetMapScanFindsEveryLabelledPersonalColumnWithPrecision() throws IOException {
        measure("openstreetmap-website", "openstreetmap");
    }

    @Test
    void lagoSyncedBySwapThenInPlaceOverItEqualsItsSource() throws IOException {
        String source = seeded("lago-api", "lago");
        String target = pg.createDatabase("lago");
        try {
            Sync sync = Sync.into(pg.url(target), dump("lago")).rules(rules());
            // a new database restored and published, then the archive's objects cleaned from it and restored again
            for (String mode : new String[] {"swap", "in-place"}) {
                SyncRun run = sync.with("sync.target-mode", mode).run();
                assertEquals(SyncRun.Status.SUCCESS, run.status(), () -> mode + ": " + run.error());
                SameDatabase.assertCopied(source, target, mode, 139);
            }
        } finally {
            pg.dropDatabaseLater(target);
        }
    }

    /** Plans the seeded schema's dump, then prints and checks the scan's recall and precision against the labels. */
    private void measure(String schema, String name) throws IOException {
        String source = seeded(schema, name);
        String target = pg.createDatabase(name);
        try {
            Path dump = dump(name);
            long start = System.nanoTime();
            SyncRun plan = Sync.into(pg.url(target), dump).rules(rules()).run(Command.PLAN);
            long planMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(SyncRun.Status.SUCCESS, plan.status(), plan::error);

            Set<String> found = plan.results().piiFindings().stream().filter(PiiFinding::isColumn)
                    .map(f -> f.table().replaceFirst("^public\\.", "") + "." + f.column())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> labelled = labels(name);
            Set<String> holdingData = new TreeSet<>();
            for (String column : labelled) {
                String[] tc = column.split("\\.");
                if (!Rows.values(source, tc[0], tc[1]).isEmpty()) {
                    holdingData.add(column);
                }
            }
            Set<String> missed = new TreeSet<>(holdingData);
            missed.removeAll(found);
            Set<String> falsePositives = new TreeSet<>(found);
            falsePositives.removeAll(labelled);
            double recall = 100.0 * (holdingData.size() - missed.size()) / holdingData.size();
            double precision = found.isEmpty() ? 0 : 100.0 * (found.size() - falsePositives.size()) / found.size();
            System.out.printf(Locale.ROOT, "%s PII scan: recall %.1f %% (%d of %d labelled columns holding data), "
                            + "precision %.1f %% (%d of %d findings labelled personal); plan took %d ms (dump %d bytes; "
                            + "stages %s)%n"
                            + "  missed: %s%n  not labelled: %s%n  findings: %s%n", name, recall,
                    holdingData.size() - missed.size(), holdingData.size(), precision, found.size() - falsePositives.size(),
                    found.size(), planMs, Files.size(dump), plan.stages().stream()
                            .map(st -> st.name() + " " + st.durationMs() + " ms").toList(), missed, falsePositives,
                    plan.results().piiFindings().stream().map(PiiFinding::describe).toList());
            assertTrue(missed.isEmpty(), "labelled personal columns holding data that the scan missed: " + missed);
            assertTrue(precision >= 85, String.format(Locale.ROOT, "precision %.1f %% < 85 %%; not labelled: %s",
                    precision, falsePositives));
        } finally {
            pg.dropDatabaseLater(target);
        }
    }

    /**
     * A database holding the schema and its seed rows, made once for the class (the tests only read it); without the
     * datasets the test says it did not run.
     */
    private String seeded(String schema, String name) {
        Path structure = DatasetAcceptanceTest.datasets("real-schemas").resolve(schema).resolve("structure.sql");
        String source = SOURCES.get(name);
        if (source == null) {
            source = pg.createDatabase(name + "_src");
            SOURCES.put(name, source);
            pg.psql(source, structure);
            pg.psql(source, Path.of("src/test/resources/real-schemas/" + name + "-seed.sql"));
        }
        return source;
    }

    /** The pg_dump -Fc of {@link #seeded}, made once for the class. */
    private Path dump(String name) {
        return DUMPS.computeIfAbsent(name, n -> {
            Path dump = classDir.resolve(n + ".pgsql");
            pg.pgDump(SOURCES.get(n), dump);
            return dump;
        });
    }

    private Path rules() throws IOException {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        return rules;
    }

    private static Set<String> labels(String name) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/real-schemas/" + name + "-personal-columns.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
