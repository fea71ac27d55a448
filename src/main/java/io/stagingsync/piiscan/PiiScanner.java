package io.stagingsync.piiscan;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.settings.PiiScanRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Default-deny: every column that no rule masks and no {@code pii_scan.allow} entry lists is judged by its name
 * (tokenized, counted only where the column's type can hold such data) and by a random sample of its values (text
 * and JSON searched inside, bytea read as text, prose reported as free text); every large object by its contents.
 * Findings say why and how sure, and never quote a value.
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
        Map<TableLoad, Map<String, String>> namedByTable = new HashMap<>();
        for (TableLoad load : loads) {
            Set<String> maskedColumns = masked.apply(load);
            Map<String, String> named = new LinkedHashMap<>();
            List<String> sampled = new ArrayList<>();
            for (String column : load.columns()) {
                if (maskedColumns.contains(column) || allow.allows(load.table(), column)) {
                    continue;
                }
                String category = detectors.column(load.table(), column, load.columns());
                if (category != null && types.canHold(load.table(), column, category)) {
                    named.put(column, "name: " + category + typeOf(load, column));
                }
                if (types.worthSampling(load.table(), column)) {
                    sampled.add(column);
                }
            }
            boolean sampling = !sampled.isEmpty() && load.data().dataLength() > 0;
            if (sampling) {
                toSample.put(load, sampled);
                namedByTable.put(load, named);
            }
            // judged by name alone: a column with no sample to confirm it, or a table without rows
            named.forEach((column, reason) -> {
                if (!sampling || !sampled.contains(column)) {
                    findings.add(new PiiFinding(where, load.displayName(), column, reason));
                }
            });
        }
        Map<TableLoad, List<PiiFinding>> byTable = new ConcurrentHashMap<>();
        Map<TableLoad, PiiSample> sampleByTable = new ConcurrentHashMap<>();
        Map<Long, PiiFinding> objects = new ConcurrentHashMap<>();
        sampler.sample(toSample, sampleRows, largeObjects, new Sampler.Sink() {
            @Override
            public void table(TableLoad load, Map<String, List<String>> values, int rowsSampled, long rowsRead) {
                byTable.put(load, values(where, load, values, namedByTable.getOrDefault(load, Map.of())));
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

    /** Each sampled column's finding: its name's, confirmed by values or not, a value kind, or free text. */
    private List<PiiFinding> values(String where, TableLoad load, Map<String, List<String>> sample,
                                    Map<String, String> named) {
        List<PiiFinding> findings = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sample.entrySet()) {
            String column = e.getKey();
            Map<String, Integer> kinds = new LinkedHashMap<>();
            for (String value : e.getValue()) {
                String kind = detectors.value(value);
                if (kind != null) {
                    kinds.merge(kind, 1, Integer::sum);
                }
            }
            int sampled = e.getValue().size();
            String name = named.get(column);
            // card and NIR need half the sample (ids can pass Luhn), unless the name says so too
            String values = kinds.entrySet().stream()
                    .filter(k -> name != null || Detectors.strong(k.getKey()) || k.getValue() * 2 >= sampled)
                    .max(Map.Entry.comparingByValue())
                    .map(k -> "values: " + k.getKey() + " in " + k.getValue() + " of " + sampled + " sampled")
                    .orElse(null);
            String reason = name != null ? (values == null ? name : name + ", " + values)
                    : values != null ? values
                    : types.family(load.table(), column) == ColumnTypes.Family.TEXT && !types.isArray(load.table(), column)
                    && FreeText.isProse(column, e.getValue(), load.columns())
                    ? "free text: review" + typeOf(load, column) + ", " + sampled + " sampled values" : null;
            if (reason != null) {
                findings.add(new PiiFinding(where, load.displayName(), column, reason));
            }
        }
        return findings;
    }

    /** {@code ", type text"}, or nothing when the archive does not say. */
    private String typeOf(TableLoad load, String column) {
        String type = types.type(load.table(), column);
        return type == null ? "" : ", type " + type;
    }
}
