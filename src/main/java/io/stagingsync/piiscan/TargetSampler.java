package io.stagingsync.piiscan;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.failure.SyncFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * A random sample of each table of a database (the final one, or a streamed live source in its snapshot), and of its
 * large objects; a query that fails fails the scan, never "no finding". Small tables are sorted at random whole;
 * large ones are first cut by TABLESAMPLE.
 */
final class TargetSampler implements Sampler {

    /** Where the sampling sessions come from: the target's pool, or sessions inside a live source's snapshot. */
    @FunctionalInterface
    interface Sessions {
        Connection open() throws SQLException;
    }

    /** Up to this many rows a table is read whole and shuffled: one scan, as cheap as the row count beside it. */
    private static final long WHOLE_TABLE_ROWS = 200_000;

    private final Sessions pool;
    private final ToLongFunction<TableLoad> rowCount;
    private final int parallelism;

    /** @param rowCount the table's rows as the load counted them */
    TargetSampler(Sessions pool, ToLongFunction<TableLoad> rowCount, int parallelism) {
        this.pool = pool;
        this.rowCount = rowCount;
        this.parallelism = parallelism;
    }

    @Override
    public void sample(Map<TableLoad, List<String>> columns, int rows, boolean largeObjects, Sink sink) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, columns.size())));
        try {
            List<Future<?>> futures = new ArrayList<>();
            columns.forEach((load, wanted) -> futures.add(threads.submit(() -> table(load, wanted, rows, sink))));
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SyncFailure("the PII scan failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("the PII scan was interrupted");
        } finally {
            threads.shutdownNow();
        }
        if (largeObjects) {
            largeObjects(rows, sink);
        }
    }

    private void table(TableLoad load, List<String> columns, int rows, Sink sink) {
        long total = rowCount.applyAsLong(load);
        Map<String, List<String>> values = new LinkedHashMap<>();
        columns.forEach(c -> values.put(c, new ArrayList<>()));
        String select = columns.stream().map(c -> quote(c) + "::pg_catalog.text").collect(Collectors.joining(", "));
        // SYSTEM picks whole pages at random: ten times the sample's share of them, then a random pick among those rows
        String cut = total > WHOLE_TABLE_ROWS
                ? " TABLESAMPLE SYSTEM (" + String.format(Locale.ROOT, "%.6f", Math.min(100.0, 100.0 * 10 * rows / total)) + ")" : "";
        String sql = "SELECT " + select + " FROM ONLY " + load.table().sql() + cut
                + " ORDER BY pg_catalog.random() LIMIT " + rows;
        int sampled = 0;
        try (Connection c = pool.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sampled++;
                for (int i = 0; i < columns.size(); i++) {
                    String v = rs.getString(i + 1);
                    if (v != null) {
                        values.get(columns.get(i)).add(v);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SyncFailure("the PII scan of " + load.displayName() + " failed: " + e.getMessage(), e);
        }
        // a live source without statistics (-1) has at least the rows sampled
        sink.table(load, values, sampled, Math.max(total, sampled));
    }

    /** A random pick of the large objects, each read whole in the archive pass's overlapping windows. */
    private void largeObjects(int rows, Sink sink) {
        String pick = "SELECT m.oid FROM pg_catalog.pg_largeobject_metadata m ORDER BY pg_catalog.random() LIMIT ?";
        String read = "SELECT pg_catalog.lo_get(?::pg_catalog.oid, ?, ?)";
        int step = ArchiveSampler.LARGE_OBJECT_BYTES - ArchiveSampler.LARGE_OBJECT_OVERLAP;
        try (Connection c = pool.open(); PreparedStatement s = c.prepareStatement(pick);
             PreparedStatement window = c.prepareStatement(read)) {
            s.setInt(1, rows);
            List<Long> oids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    oids.add(rs.getLong(1));
                }
            }
            for (long oid : oids) {
                byte[] bytes;
                long offset = 0;
                do {
                    window.setLong(1, oid);
                    window.setLong(2, offset);
                    window.setInt(3, ArchiveSampler.LARGE_OBJECT_BYTES);
                    try (ResultSet rs = window.executeQuery()) {
                        rs.next();
                        bytes = rs.getBytes(1);
                    }
                    sink.largeObject(oid, bytes);
                    offset += step;
                } while (bytes.length == ArchiveSampler.LARGE_OBJECT_BYTES);
            }
        } catch (SQLException e) {
            throw new SyncFailure("the PII scan of the large objects failed: " + e.getMessage(), e);
        }
    }
}
