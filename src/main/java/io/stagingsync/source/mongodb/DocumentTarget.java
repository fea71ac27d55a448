package io.stagingsync.source.mongodb;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The collections' tables in the database the run writes: created empty before the load (in place, the previous
 * copy's tables dropped first), and dropped again when an in-place run fails, so that the target holds no data.
 */
public final class DocumentTarget {

    private final SyncSettings settings;

    public DocumentTarget(SyncSettings settings) {
        this.settings = settings;
    }

    /** {@code _id text primary key, doc jsonb, synced_at timestamptz} for every collection, excluded ones included. */
    public void createTables(SyncRun run) {
        run.target().touch();
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'");
            for (CollectionCopy copy : run.documents().collections()) {
                s.execute("DROP TABLE IF EXISTS public." + copy.quotedTable());
                s.execute("CREATE TABLE public." + copy.quotedTable() + " (_id text PRIMARY KEY, doc jsonb NOT NULL, "
                        + "synced_at timestamptz NOT NULL DEFAULT now())");
                s.execute("COMMENT ON TABLE public." + copy.quotedTable() + " IS "
                        + literal("MongoDB collection " + copy.collection() + " of " + run.documents().database()
                        + ", anonymized by staging-sync"));
            }
            c.commit();
        } catch (SQLException e) {
            throw new SyncFailure("creating the collections' tables in " + run.target().workDatabase() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** In-place rollback: the collections' tables dropped; returns how many were. */
    public int dropTables(SyncRun run) {
        int dropped = 0;
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'");
            for (CollectionCopy copy : run.documents().collections()) {
                s.execute("DROP TABLE IF EXISTS public." + copy.quotedTable());
                dropped++;
            }
        } catch (SQLException e) {
            throw new SyncFailure("dropping the collections' tables failed: " + e.getMessage(), e);
        }
        return dropped;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
