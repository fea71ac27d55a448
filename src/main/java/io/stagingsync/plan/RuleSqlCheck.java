package io.stagingsync.plan;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.TableRule;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every rule's SQL (condition, column expressions with their columns' types, queries) parsed and planned by the
 * target's server against empty TEMP tables shaped like the archive's, with EXPLAIN only, in a transaction rolled
 * back: a mistake refuses the run, naming the rule, before anything is touched; nothing of the rules is executed.
 */
public final class RuleSqlCheck {

    /**
     * The search path the rules' SQL is checked and masked under: unqualified names reach pg_catalog and the private
     * copies only; pg_temp is never searched for functions.
     */
    public static final String PINNED_SEARCH_PATH = "SET LOCAL search_path = pg_catalog, pg_temp";

    private static final Logger LOG = LoggerFactory.getLogger(RuleSqlCheck.class);
    private static final String TARGET = "pg_temp.\"__staging_sync_target\"";
    private static final Set<String> EXPLAINABLE = Set.of("select", "insert", "update", "delete", "with", "values",
            "merge", "table");
    /** Another table than the rule's: its shape is the target's business, checked when the rule runs. */
    private static final String UNDEFINED_TABLE = "42P01";
    /** A function the rule names with its schema: the archive may bring it, and the target has it only after pre-data. */
    private static final String UNDEFINED_FUNCTION = "42883";

    public void check(SyncRun run) {
        SyncPlan plan = run.getPlan();
        Map<String, TableLoad> byRule = new LinkedHashMap<>();
        for (TableLoad load : plan == null ? List.<TableLoad>of() : plan.maskedLoads()) {
            byRule.putIfAbsent(load.rule().entry(), load);
        }
        if (byRule.isEmpty()) {
            return;
        }
        if (run.target().pool() == null) {
            run.results().note("the rules' SQL was not checked before the load: no connection to the target");
            return;
        }
        TableShapes shapes = new TableShapes(run.backup().archive().entries());
        String file = run.rules().file() + ": ";
        List<String> problems = new ArrayList<>();
        try (Connection c = run.target().pool().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '10s'");
                s.execute("SET LOCAL statement_timeout = '60s'");
                // as in the masking session: pg_catalog and the private copies only, so the check sees what the run will
                s.execute(PINNED_SEARCH_PATH);
                TempShapes temp = new TempShapes(c, shapes);
                for (TableLoad load : byRule.values()) {
                    for (String problem : checkRule(c, temp, load, run)) {
                        problems.add(file + load.rule().entry() + ": " + problem);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SyncFailure("checking the rules' SQL on the target failed: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        LOG.info("rules' SQL checked against the archive's table shapes: {} rules", byRule.size());
    }

    /** One rule, in a savepoint of its own: its TEMP tables are gone before the next rule's take their names. */
    private List<String> checkRule(Connection c, TempShapes temp, TableLoad load, SyncRun run) throws SQLException {
        TableRule rule = load.rule();
        Savepoint ruleStart = c.setSavepoint();
        List<String> problems = new ArrayList<>();
        try {
            String columns = temp.columnDefinitions(load.table(), load.columns());
            List<String> approximated = temp.approximated();
            String copy = "pg_temp." + quote(load.ruleTable());
            temp.create(copy, columns);
            temp.create(TARGET, columns);
            List<Finding> findings = new ArrayList<>();
            if (rule.condition() != null) {
                explain(c, "SELECT ((" + rule.condition() + ") IS TRUE) FROM " + copy)
                        .ifPresent(e -> findings.add(new Finding("condition " + excerpt(rule.condition()), e)));
            }
            for (Map.Entry<String, String> column : rule.columns().entrySet()) {
                explain(c, "INSERT INTO " + TARGET + " (" + quote(column.getKey()) + ") SELECT (" + column.getValue()
                        + ") FROM " + copy)
                        .ifPresent(e -> findings.add(new Finding("column '" + column.getKey() + "' "
                                + excerpt(column.getValue()), e)));
            }
            checkQueries(c, rule, findings);
            for (Finding f : findings) {
                boolean ownFunction = UNDEFINED_FUNCTION.equals(f.error().state()) && !load.references().functions().isEmpty();
                if (!approximated.isEmpty() || UNDEFINED_TABLE.equals(f.error().state()) || ownFunction) {
                    String note = rule.entry() + ": " + f.where() + ": " + f.error().text() + " (not refused: "
                            + (ownFunction ? "the rule calls " + load.references().functions() + ", which the target "
                                    + "has only once the archive's schema is restored"
                                    : approximated.isEmpty() ? "the check sees only the rule's own table"
                                    : "the check could only approximate the types of " + approximated) + ")";
                    LOG.warn("{}", note);
                    run.results().note(note);
                } else {
                    problems.add(f.where() + ": " + f.error().text());
                }
            }
        } finally {
            c.rollback(ruleStart);
        }
        return problems;
    }

    /** Each statement of a query rule, in order, up to one that EXPLAIN cannot check without running it. */
    private static void checkQueries(Connection c, TableRule rule, List<Finding> findings) throws SQLException {
        int n = 0;
        for (String query : rule.queries()) {
            n++;
            for (NativeQuery statement : Parser.parseJdbcSql(query, true, false, true, false, true)) {
                String sql = statement.nativeSql.trim();
                if (sql.isEmpty()) {
                    continue;
                }
                String keyword = sql.split("[\\s(]", 2)[0].toLowerCase(Locale.ROOT);
                if (!EXPLAINABLE.contains(keyword)) {
                    LOG.info("{}: query {} is checked when the rule runs: {} statements are not checked beforehand",
                            rule.entry(), n, keyword.toUpperCase(Locale.ROOT));
                    return;
                }
                String where = "query" + (rule.queries().size() > 1 ? " " + n : "") + " " + excerpt(sql);
                Optional<SqlError> error = explain(c, sql);
                if (error.isPresent()) {
                    findings.add(new Finding(where, error.get()));
                    return;
                }
            }
        }
    }

    /** Parse, analysis and planning only: EXPLAIN without ANALYZE executes nothing. */
    private static Optional<SqlError> explain(Connection c, String sql) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute("EXPLAIN " + sql);
            c.releaseSavepoint(before);
            return Optional.empty();
        } catch (SQLException e) {
            c.rollback(before);
            return Optional.of(SqlError.of(e));
        }
    }

    private static String excerpt(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return "(" + (flat.length() > 80 ? flat.substring(0, 77) + "..." : flat) + ")";
    }

    private record Finding(String where, SqlError error) {
    }

    /** The server's message and hint; the position and the check's own table names mean nothing to the reader. */
    private record SqlError(String state, String text) {

        static SqlError of(SQLException e) {
            ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            if (server == null) {
                return new SqlError(e.getSQLState(), e.getMessage());
            }
            String hint = server.getHint();
            boolean usefulHint = hint != null && !hint.contains("__staging_sync");
            return new SqlError(server.getSQLState(), server.getMessage() + (usefulHint ? " (" + hint + ")" : ""));
        }
    }
}
