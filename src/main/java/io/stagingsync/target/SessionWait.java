package io.stagingsync.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongConsumer;

/** Polls the sessions on one database until none is left or the patience has run out. */
final class SessionWait {

    /** Sessions still there when the patience ran out: how many, and the query's description of them. */
    record Remaining(long count, String description) {
    }

    private SessionWait() {
    }

    /**
     * Runs {@code query} (one parameter, the database; a count first, then a description) every 100 ms until its
     * count is 0. Each non-zero count goes to {@code eachRound}. Returns null once none is left, or what remains once
     * {@code patience} has run out.
     */
    static Remaining untilNone(Connection c, String query, String database, Duration patience, LongConsumer eachRound)
            throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, database);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long count = rs.getLong(1);
                    if (count == 0) {
                        return null;
                    }
                    eachRound.accept(count);
                    if (System.nanoTime() > deadline) {
                        return new Remaining(count, rs.getString(2));
                    }
                }
                sleep(database);
            }
        }
    }

    private static void sleep(String database) throws SQLException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the sessions on " + database + " to end");
        }
    }
}
