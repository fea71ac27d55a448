package io.stagingsync.piiscan;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.settings.PiiScanRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Default-deny: every column that no rule masks and no {@code pii_scan.allow} entry lists is judged by its name
 * (tokenized) and by a random sample of its values (text and JSON searched inside, bytea read as text); every large
 * object by its contents. Findings never quote a value.
 */
final class PiiScanner {

    private final Sampler sampler;
    private final int sampleRows;
    private final AllowList allow;
    private final ColumnTypes types;
    private final Detectors detectors;
    private final boolean largeObjects;
    private List<PiiSample> samples = List.of();

    /** @param largeObjects false when the rules exclude large objects: they are neither restored nor judged */
    PiiScanner(Sampler sampler, int sampleRows, AllowList allow, ColumnTypes types, Detectors detectors,
               boolean largeObjects) {
        this.sampler = sampler;
        this.sampleRows = sampleRows;
        this.allow = allow;
        this.types = types;
        this.detectors = detectors;
        this.largeObjects = largeObjects;
    }

    /** The built-in detectors only, large objects judged; the sampler sets its own parallelism. */
    PiiScanner(Sampler sampler, int sampleRows, AllowList allow, ColumnTypes types, int parallelism) {
        this(sampler, sampleRows, allow, types, new Detectors(PiiScanRules.defaults()), true);
    }

    /** How much of each table the last scan judged by its values (rows sampled of rows read). */
    List<PiiSample> samples() {
        return samples;
    }

    /** @param masked the columns of a load that a rule masks */
    List<PiiFinding> scan(String where, List<TableLoad> loads, Function<TableLoad, Set<String>> masked) {
        List<PiiFinding> findings = new ArrayList<>();
        Map<TableLoad, List<String>> toSample = new LinkedHashMap<>();
        for (TableLoad load : loads) {
            Set<String> maskedColumns = masked.apply(load);
            List<String> unnamed = new ArrayList<>();
            for (String column : load.columns()) {
                if (maskedColumns.contains(column) || allow.allows(load.table(), column)) {
                    continue;
                }
                String category = detectors.column(load.table(), column);
                if (category != null) {
                    findings.add(new PiiFinding(where, load.displayName(), column, "name: " + category));
                } else if (types.worthSampling(load.table(), column)) {
                    unnamed.add(column);
                }
            }
            if (!unnamed.isEmpty() && load.data().dataLength() > 0) {
                toSample.put(load, unnamed);
            }
        }
        Map<TableLoad, List<PiiFinding>> byTable = new ConcurrentHashMap<>();
        Map<TableLoad, PiiSample> sampleByTable = new ConcurrentHashMap<>();
        Map<Long, PiiFinding> objects = new ConcurrentHashMap<>();
        sampler.sample(toSample, sampleRows, largeObjects, new Sampler.Sink() {
            @Override
            public void table(TableLoad load, Map<String, List<String>> values, int rowsSampled, long rowsRead) {
                byTable.put(load, values(where, load, values));
                sampleByTable.put(load, new PiiSample(where, load.displayName(), rowsSampled, rowsRead));
            }

            @Override
            public void largeObject(long oid, byte[] head) {
                String name = "large object " + oid;
                String kind = allow.allowsObject(name) ? null : detectors.value(BinaryText.of(head));
                if (kind != null) {
                    objects.put(oid, new PiiFinding(where, name, "data", "values: " + kind, "large object"));
                }
            }
        });
        List<PiiSample> sampled = new ArrayList<>();
        for (TableLoad load : toSample.keySet()) {
            findings.addAll(byTable.getOrDefault(load, List.of()));
            if (sampleByTable.containsKey(load)) {
                sampled.add(sampleByTable.get(load));
            }
        }
        objects.values().stream().sorted(Comparator.comparing(PiiFinding::table)).forEach(findings::add);
        samples = List.copyOf(sampled);
        return findings;
    }

    private List<PiiFinding> values(String where, TableLoad load, Map<String, List<String>> sample) {
        List<PiiFinding> findings = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sample.entrySet()) {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            for (String value : e.getValue()) {
                String kind = detectors.value(value);
                if (kind != null) {
                    kinds.merge(kind, 1, Integer::sum);
                }
            }
            int sampled = e.getValue().size();
            // card and NIR need half the sample: ids can pass Luhn
            kinds.entrySet().stream()
                    .filter(k -> Detectors.strong(k.getKey()) || k.getValue() * 2 >= sampled)
                    .max(Map.Entry.comparingByValue())
                    .ifPresent(k -> findings.add(new PiiFinding(where, load.displayName(), e.getKey(),
                            "values: " + k.getKey() + " in " + k.getValue() + " of " + sampled + " sampled")));
        }
        return findings;
    }
}
