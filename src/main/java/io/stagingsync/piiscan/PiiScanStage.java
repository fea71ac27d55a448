package io.stagingsync.piiscan;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.StreamedSource;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.settings.PiiScanRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PII scan, twice: on the archive before anything is restored (policy fail refuses the run, exit 2), and on
 * the final database before it is published (policy fail fails the run, which leaves the target fail-closed).
 */
public final class PiiScanStage {

    private final SyncSettings settings;

    private static final Logger LOG = LoggerFactory.getLogger(PiiScanStage.class);

    private final PgRestore pgRestore;
    private final int sampleRows;

    /** @param sampleRows rows of each table judged by their values (SYNC_PII_SCAN_SAMPLE_ROWS) */
    public PiiScanStage(SyncSettings settings, PgRestore pgRestore, int sampleRows) {
        this.settings = settings;
        this.pgRestore = pgRestore;
        this.sampleRows = sampleRows;
    }

    public void scanArchive(SyncRun run) {
        PiiScanRules rules = run.rules().piiScan();
        AllowList allow = new AllowList(rules.allow());
        List<TableLoad> loads = run.getPlan().loads();
        List<String> unknown = allow.unknown(loads);
        if (!unknown.isEmpty()) {
            throw new RefusedException(run.rules().file() + ": pii_scan.allow names columns the archive's loaded tables "
                    + "do not have: " + unknown + " (check the spelling; excluded tables need no entry)");
        }
        Detectors detectors = new Detectors(rules);
        PiiScanner scanner = new PiiScanner(archiveSampler(run), sampleRows, allow,
                new ColumnTypes(run.backup().archive().entries()), detectors, !rules.excludeLargeObjects());
        List<PiiFinding> findings = new ArrayList<>(scanner.scan("archive", loads, PiiScanStage::maskedByRule));
        findings.addAll(new SchemaLiterals(detectors, allow).scan(run.backup().archive().entries()));
        noteExcludedLargeObjects(run, rules);
        run.results().addPiiSamples(scanner.samples());
        conclude(run, findings, rules, true);
    }

    public void scanTarget(SyncRun run) {
        PiiScanRules rules = run.rules().piiScan();
        TargetSampler sampler = new TargetSampler(run.target().pool()::getConnection, load -> rows(run, load),
                settings.parallelism());
        PiiScanner scanner = new PiiScanner(sampler, sampleRows, new AllowList(rules.allow()),
                new ColumnTypes(run.backup().archive().entries()), new Detectors(rules), !rules.excludeLargeObjects());
        List<PiiFinding> findings = scanner.scan("target", run.getPlan().loads(), load -> masked(run, load));
        run.results().addPiiSamples(scanner.samples());
        conclude(run, findings, rules, false);
    }

    /**
     * The archive's rows, or a streamed live source's: sampled from the source in the run's snapshot, as the final
     * database is (TABLESAMPLE on large tables), its large objects read there too.
     */
    private Sampler archiveSampler(SyncRun run) {
        StreamedSource live = run.backup().streamed();
        if (live == null) {
            return new ArchiveSampler(settings, pgRestore, run);
        }
        return new TargetSampler(live::snapshotSession, load -> live.estimatedRows(load.table()), settings.parallelism());
    }

    private static void noteExcludedLargeObjects(SyncRun run, PiiScanRules rules) {
        long count = run.backup().archive().entries().stream().filter(e -> "BLOB".equals(e.desc())).count();
        if (rules.excludeLargeObjects() && count > 0) {
            run.results().note("large objects excluded (pii_scan.exclude_large_objects): the archive's " + count
                    + " large object(s) are neither restored nor scanned");
        }
    }

    private static long rows(SyncRun run, TableLoad load) {
        TableResult result = run.results().tables().get(load.displayName());
        return result == null ? 0 : result.rows();
    }

    /** Records the findings; under policy fail, findings refuse the run before the restore and fail it after. */
    public static void conclude(SyncRun run, List<PiiFinding> findings, PiiScanRules rules, boolean beforeRestore) {
        run.results().addPiiFindings(findings);
        String where = beforeRestore ? "in the archive" : "in the final database";
        if (findings.isEmpty()) {
            LOG.info("PII scan {}: no unmasked column looks like personal data", where);
            return;
        }
        String list = findings.stream().map(PiiFinding::describe).collect(Collectors.joining(", "));
        String message = "PII scan " + where + ": " + findings.size() + " column(s) or object(s) look like personal "
                + "data and are neither masked nor allowed: " + list + "; mask columns with a rule, or list what you "
                + "reviewed under pii_scan.allow" + (findings.stream().anyMatch(f -> "large object".equals(f.kind()))
                ? "; large objects cannot be masked: exclude them with pii_scan.exclude_large_objects: true" : "");
        if (!rules.fail()) {
            LOG.warn("{} (pii_scan.policy: warn)", message);
            run.results().note(message);
            return;
        }
        if (beforeRestore) {
            throw new RefusedException(message + " (pii_scan.policy: fail; nothing was restored)");
        }
        throw new SyncFailure(message + " (pii_scan.policy: fail)");
    }

    /** Before the restore: a columns rule's columns; for a query rule, every column its SQL names. */
    static Set<String> maskedByRule(TableLoad load) {
        if (!load.masked()) {
            return Set.of();
        }
        if (!load.rule().isQuery()) {
            return load.rule().columns().keySet();
        }
        String sql = String.join(" ", load.rule().queries()).toLowerCase(Locale.ROOT);
        return load.columns().stream()
                .filter(c -> Pattern.compile("(?<![\\w\"])\"?" + Pattern.quote(c.toLowerCase(Locale.ROOT))
                        + "\"?(?![\\w\"])").matcher(sql).find())
                .collect(Collectors.toSet());
    }

    /** After masking: a query rule masked the columns it changed, whatever else its SQL names. */
    private static Set<String> masked(SyncRun run, TableLoad load) {
        TableResult result = run.results().tables().get(load.displayName());
        return result != null && load.masked() && load.rule().isQuery()
                ? Set.copyOf(result.maskedColumns()) : maskedByRule(load);
    }
}
