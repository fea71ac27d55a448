package io.stagingsync.anonymize;

import io.stagingsync.run.LeakFindings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, per masked column, the masked cells that still identify someone: a row's own original kept (as it was,
 * case-changed or padded, reversed, hashed without salt, or moved to another masked column), or another row's
 * original that fewer than K masked rows share. A column whose masked rows all hold one constant is accepted. The
 * full comparison runs only when a masked value shares a form with some original: most tables pass without it.
 */
final class LeakCheck {

    /**
     * The private copies have no statistics (collected, they would show raw values to other sessions), so the
     * planner guesses their joins huge and sorts them to disk: hash them in memory instead, without compiling code.
     * 64 MB (128 MB for a hash) keeps the rare keys of 100,000 rows in one batch; 32 MB split them in two.
     */
    static final List<String> PLAN = List.of("jit = off", "enable_mergejoin = off", "work_mem = '64MB'");

    private LeakCheck() {
    }

    static LeakFindings check(Statement s, LeakCheckSql sql, int minShared, StepClock clock) throws SQLException {
        return check(s, sql, minShared, clock, true);
    }

    /** @param screened whether the full check runs only after {@link LeakCheckSql#candidates} found a form in common */
    static LeakFindings check(Statement s, LeakCheckSql sql, int minShared, StepClock clock, boolean screened)
            throws SQLException {
        List<PrivateColumns.Column> columns = sql.columns();
        List<String> names = columns.stream().map(PrivateColumns.Column::name).toList();
        if (columns.isEmpty()) {
            return new LeakFindings(names, Map.of(), List.of(), minShared);
        }
        List<String> constants = new ArrayList<>();
        List<Integer> checked = new ArrayList<>();
        boolean[] digests = new boolean[LeakCheckSql.DIGEST_LENGTHS.length];
        try (ResultSet rs = s.executeQuery(sql.profile())) {
            rs.next();
            long rows = rs.getLong(1);
            int width = LeakCheckSql.profileWidth();
            for (int i = 0; i < columns.size(); i++) {
                int at = 2 + i * width;
                long values = rs.getLong(at);
                String min = rs.getString(at + 1);
                if (rows > 0 && values == rows && min.equals(rs.getString(at + 2))) {
                    constants.add(names.get(i));
                    continue;
                }
                if (values == 0) {
                    // every masked cell NULL: nothing to find (its originals stay among those looked in)
                    continue;
                }
                checked.add(i);
                int lengths = rs.getInt(at + 3); // NULL (0) when no value looks like a digest
                for (int d = 0; d < digests.length; d++) {
                    digests[d] |= (lengths & (1 << d)) != 0;
                }
            }
        }
        clock.mark("profile");
        Map<String, Map<String, Long>> kinds = new HashMap<>();
        if (!checked.isEmpty()) {
            boolean sha1 = digests[1];
            if (sha1) {
                Sha1Digests.load(s, sql);
                clock.mark("sha1 digests");
            }
            for (String setting : PLAN) {
                s.execute("SET LOCAL " + setting);
            }
            boolean candidates = !screened || single(s, sql.candidates(checked, digests, sha1)) > 0;
            if (screened) {
                clock.mark("candidates");
            }
            if (candidates) {
                try (ResultSet rs = s.executeQuery(sql.survivors(checked, digests, sha1, minShared))) {
                    while (rs.next()) {
                        kinds.computeIfAbsent(names.get(rs.getInt(1) - 1), c -> new HashMap<>())
                                .put(LeakFindings.KINDS.get(rs.getInt(2) - 1), rs.getLong(3));
                    }
                }
                clock.mark("survivors");
            }
            for (String setting : PLAN) {
                s.execute("SET LOCAL " + setting.substring(0, setting.indexOf(' ')) + " TO DEFAULT");
            }
        }
        return new LeakFindings(names, kinds, constants, minShared);
    }

    static long single(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
