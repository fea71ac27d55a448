package io.stagingsync.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second client that polls a database while a run writes to it, as the staging app would: on every poll, a new
 * connection counts the committed rows whose masked columns still hold a source value, and notes what it found.
 */
public final class TargetWatcher implements AutoCloseable {

    /** A masked column and the source's values of it, none of which may ever be seen in the target. */
    public record Watched(String table, String column, Set<String> rawValues) {
    }

    private final String database;
    private final List<Watched> watched;
    private final Thread thread;
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger rawSightings = new AtomicInteger();
    private final Set<String> seen = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile boolean running = true;

    private TargetWatcher(String database, List<Watched> watched) {
        this.database = database;
        this.watched = watched;
        this.thread = new Thread(this::loop, "target-watcher");
        this.thread.setDaemon(true);
    }

    public static TargetWatcher start(String database, List<Watched> watched) {
        TargetWatcher w = new TargetWatcher(database, watched);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (running) {
            poll();
            polls.incrementAndGet();
            try {
                Thread.sleep(15);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void poll() {
        try (Connection c = PostgresServer.get().connect(database)) {
            for (Watched w : watched) {
                try (PreparedStatement exists = c.prepareStatement("select to_regclass(?) is not null")) {
                    exists.setString(1, w.table());
                    try (ResultSet rs = exists.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            seen.add("no " + w.table());
                            continue;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("select count(*), count(*) filter (where "
                        + w.column() + "::text = any(?)) from " + w.table())) {
                    ps.setArray(1, c.createArrayOf("text", w.rawValues().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        seen.add(rs.getLong(1) == 0 ? w.table() + " empty" : w.table() + " with rows");
                        if (rs.getLong(2) > 0) {
                            rawSightings.addAndGet((int) rs.getLong(2));
                            seen.add("RAW " + w.table() + "." + w.column());
                        }
                    }
                }
            }
        } catch (SQLException e) {
            // the table vanished between the two queries, or the database is being swapped: nothing visible
            seen.add("unavailable");
        }
    }

    public int polls() {
        return polls.get();
    }

    public int rawSightings() {
        return rawSightings.get();
    }

    /** What the polls found, in the order first seen: "public.users with rows", "no public.users", "unavailable"… */
    public Set<String> seen() {
        synchronized (seen) {
            return new LinkedHashSet<>(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
