package io.stagingsync.source.mongodb;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.piiscan.ColumnNameDetector;
import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.piiscan.PiiScanStage;
import io.stagingsync.piiscan.ValueDetector;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.PiiScanRules;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PII scan of a MongoDB run's documents, path by path as the rules name them: the source's sampled documents in
 * the plan, the target's after the load. Masked paths (and what lies below them) and pii_scan.allow entries
 * ({@code table.doc.path}) are skipped; the policy is the rules file's, as for columns.
 */
public final class DocumentPiiScan {

    private final SyncSettings settings;

    public DocumentPiiScan(SyncSettings settings) {
        this.settings = settings;
    }

    public void scanSource(SyncRun run) {
        List<PiiFinding> findings = new ArrayList<>();
        for (CollectionCopy copy : run.documents().loads()) {
            findings.addAll(scan("archive", copy, copy.samples(), run.rules().piiScan()));
        }
        PiiScanStage.conclude(run, findings, run.rules().piiScan(), true);
    }

    public void scanTarget(SyncRun run) {
        List<PiiFinding> findings = new ArrayList<>();
        int sample = settings.mongo().sampleSize();
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            for (CollectionCopy copy : run.documents().loads()) {
                List<String> docs = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT doc::text FROM public." + copy.quotedTable() + " LIMIT " + sample)) {
                    while (rs.next()) {
                        docs.add(rs.getString(1));
                    }
                }
                findings.addAll(scan("target", copy, docs, run.rules().piiScan()));
            }
        } catch (SQLException e) {
            throw new SyncFailure("the PII scan of the copied documents failed: " + e.getMessage(), e);
        }
        PiiScanStage.conclude(run, findings, run.rules().piiScan(), false);
    }

    static List<PiiFinding> scan(String where, CollectionCopy copy, List<String> documents, PiiScanRules rules) {
        Map<String, int[]> values = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        for (String json : documents) {
            DocumentPaths.walk(json, (path, value) -> {
                if (!value.isValueNode() || masked(copy, path) || allowed(copy, path, rules)) {
                    return;
                }
                int[] counts = values.computeIfAbsent(path, p -> new int[2]);
                counts[1]++;
                String kind = ValueDetector.detect(value.asText());
                if (kind != null) {
                    counts[0]++;
                    kinds.putIfAbsent(path, kind);
                }
            });
        }
        List<PiiFinding> findings = new ArrayList<>();
        values.forEach((path, counts) -> {
            String name = ColumnNameDetector.category(path.substring(path.lastIndexOf('.') + 1));
            if (counts[0] > 0) {
                findings.add(new PiiFinding(where, copy.table(), path, "values: " + kinds.get(path) + " in " + counts[0]
                        + " of " + counts[1] + " sampled"));
            } else if (name != null) {
                findings.add(new PiiFinding(where, copy.table(), path, "name: " + name));
            }
        });
        return findings;
    }

    private static boolean masked(CollectionCopy copy, String path) {
        return copy.paths().stream().anyMatch(p -> path.equals(p.path()) || path.startsWith(p.path() + "."));
    }

    private static boolean allowed(CollectionCopy copy, String path, PiiScanRules rules) {
        return rules.allow().contains(copy.table() + "." + path) || rules.allow().contains(copy.collection() + "." + path);
    }
}
