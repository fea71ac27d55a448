package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark (bench/leak-check-cost.sh): the leak check before this version (one typed {@code = ANY} join per masked
 * column) and this one (normalized forms, every masked column, one pass), alternated on the same private copies of a
 * table. Arguments: JDBC URL, rounds, table, then column=expression pairs as a rules file would write them.
 */
public final class LeakCheckCost {

    private LeakCheckCost() {
    }

    public static void main(String[] args) throws SQLException {
        int rounds = Integer.parseInt(args[1]);
        String table = args[2];
        Map<String, String> rules = new LinkedHashMap<>();
        Arrays.stream(args, 3, args.length).forEach(a -> rules.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(MaskingSession.PINNED_SEARCH_PATH);
            s.execute("CREATE TEMP TABLE raw ON COMMIT DROP AS SELECT pg_catalog.row_number() OVER () AS "
                    + quote(MaskingSql.ROW_ID) + ", * FROM " + table);
            List<PrivateColumns.Column> all = columns(s);
            String select = all.stream().map(col -> rules.containsKey(col.name())
                    ? "(" + rules.get(col.name()) + ") AS " + quote(col.name()) : quote(col.name()))
                    .collect(Collectors.joining(", "));
            // the masked copy has the raw copy's types, as in a run
            s.execute("CREATE TEMP TABLE masked (LIKE raw) ON COMMIT DROP");
            s.execute("INSERT INTO masked SELECT " + quote(MaskingSql.ROW_ID) + ", " + select + " FROM raw");
            List<PrivateColumns.Column> masked = all.stream().filter(col -> rules.containsKey(col.name())).toList();
            long rows = LeakCheck.single(s, "SELECT pg_catalog.count(*) FROM raw");
            if (System.getenv("EXPLAIN") != null) {
                // where the new check's time goes, for this table
                List<Integer> numbers = java.util.stream.IntStream.range(0, masked.size()).boxed().toList();
                for (String setting : LeakCheck.PLAN) {
                    s.execute("SET LOCAL " + setting);
                }
                try (ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + new LeakCheckSql("pg_temp.masked", "pg_temp.raw",
                        false, masked).survivors(numbers, new boolean[3], false, 5))) {
                    while (rs.next()) {
                        System.out.println(rs.getString(1));
                    }
                }
            }
            List<Long> before = new ArrayList<>();
            List<Long> after = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean oldFirst = round % 2 == 0;
                for (int variant = 0; variant < 2; variant++) {
                    boolean old = (variant == 0) == oldFirst;
                    long start = System.nanoTime();
                    long survivors = old ? previousCheck(s, masked)
                            : LeakCheck.check(s, new LeakCheckSql("pg_temp.masked", "pg_temp.raw", false, masked), 5, new StepClock()).total();
                    (old ? before : after).add((System.nanoTime() - start) / 1_000_000);
                    if (survivors != 0) {
                        throw new IllegalStateException((old ? "before" : "after") + ": " + survivors + " survivors in " + table);
                    }
                }
            }
            System.out.printf("%s\t%d rows\t%d masked columns\tbefore %s ms\tafter %s ms%n", table, rows, masked.size(),
                    before, after);
            c.rollback();
        }
    }

    private static List<PrivateColumns.Column> columns(Statement s) throws SQLException {
        List<PrivateColumns.Column> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT attname, pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute"
                + " WHERE attrelid OPERATOR(pg_catalog.=) 'pg_temp.raw'::pg_catalog.regclass AND attnum OPERATOR(pg_catalog.>) 1"
                + " AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                out.add(new PrivateColumns.Column(rs.getString(1), rs.getString(2), rs.getString(2)));
            }
        }
        return out;
    }

    /** The check as it was: per masked column, masked rows equal (the type's own equality) to one of its originals. */
    private static long previousCheck(Statement s, List<PrivateColumns.Column> masked) throws SQLException {
        long total = 0;
        for (PrivateColumns.Column col : masked) {
            String c = quote(col.name());
            total += LeakCheck.single(s, "SELECT pg_catalog.count(*) FROM pg_temp.masked m WHERE m." + c + " IS NOT NULL AND m."
                    + c + " OPERATOR(pg_catalog.=) ANY (SELECT o." + c + " FROM pg_temp.raw o WHERE o." + c + " IS NOT NULL)");
        }
        return total;
    }
}
