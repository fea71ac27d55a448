package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Benchmark (bench/leak-check-cost.sh): the leak check with its full query on every table ("before") and screened
 * first by the forms masked and original values could have in common ("after"), alternated on the same private
 * copies of a table. Arguments: JDBC URL, rounds, table, then column=expression pairs as a rules file would write them.
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
                // where each query's time goes, for this table
                List<Integer> numbers = java.util.stream.IntStream.range(0, masked.size()).boxed().toList();
                LeakCheckSql sql = new LeakCheckSql("pg_temp.masked", "pg_temp.raw", false, masked);
                for (String setting : LeakCheck.PLAN) {
                    s.execute("SET LOCAL " + setting);
                }
                for (String query : List.of(sql.candidates(numbers, new boolean[3], false),
                        sql.survivors(numbers, new boolean[3], false, 5))) {
                    try (ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + query)) {
                        while (rs.next()) {
                            System.out.println(rs.getString(1));
                        }
                    }
                }
            }
            // on a machine shared with other work, the server process's CPU time varies less than the wall time
            long backend = LeakCheck.single(s, "SELECT pg_catalog.pg_backend_pid()");
            List<Long> before = new ArrayList<>();
            List<Long> after = new ArrayList<>();
            List<Long> beforeCpu = new ArrayList<>();
            List<Long> afterCpu = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean oldFirst = round % 2 == 0;
                for (int variant = 0; variant < 2; variant++) {
                    boolean old = (variant == 0) == oldFirst;
                    long start = System.nanoTime();
                    long cpu = cpuMillis(backend);
                    StepClock clock = new StepClock();
                    long survivors = LeakCheck.check(s, new LeakCheckSql("pg_temp.masked", "pg_temp.raw", false, masked),
                            5, clock, !old).total();
                    (old ? before : after).add((System.nanoTime() - start) / 1_000_000);
                    (old ? beforeCpu : afterCpu).add(cpuMillis(backend) - cpu);
                    if (System.getenv("STEPS") != null) {
                        System.out.println((old ? "before: " : "after: ") + clock);
                    }
                    if (survivors != 0) {
                        throw new IllegalStateException((old ? "before" : "after") + ": " + survivors + " survivors in " + table);
                    }
                }
            }
            System.out.printf("%s\t%d rows\t%d masked columns\tbefore %s ms\tafter %s ms\tserver CPU before %s ms"
                    + "\tafter %s ms%n", table, rows, masked.size(), before, after, beforeCpu, afterCpu);
            c.rollback();
        }
    }

    /** User and system time of a local server process (clock ticks of 10 ms), or -1 when it cannot be read. */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
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
}
