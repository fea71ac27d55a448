package io.stagingsync.piiscan;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.SyncFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Default-deny: every column that no rule masks and no {@code pii_scan.allow} entry lists is judged by its name
 * (tokenized) and by a sample of its values (text and JSON searched inside). Findings never quote a value.
 */
final class PiiScanner {

    /** Kinds whose check digits or shape make one hit enough; card and NIR need half the sample (ids can pass Luhn). */
    private static final Set<String> STRONG = Set.of("email", "phone", "iban");

    private final Sampler sampler;
    private final int sampleRows;
    private final AllowList allow;
    private final ColumnTypes types;
    private final int parallelism;

    PiiScanner(Sampler sampler, int sampleRows, AllowList allow, ColumnTypes types, int parallelism) {
        this.sampler = sampler;
        this.sampleRows = sampleRows;
        this.allow = allow;
        this.types = types;
        this.parallelism = parallelism;
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
                String category = ColumnNameDetector.category(column);
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
        findings.addAll(sampleAll(where, toSample));
        return findings;
    }

    /** Tables sampled side by side (each is a pg_restore or a query), findings kept in table order. */
    private List<PiiFinding> sampleAll(String where, Map<TableLoad, List<String>> toSample) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, toSample.size())));
        try {
            List<Future<List<PiiFinding>>> futures = new ArrayList<>();
            toSample.forEach((load, columns) -> futures.add(pool.submit(() -> values(where, load, columns))));
            List<PiiFinding> findings = new ArrayList<>();
            for (Future<List<PiiFinding>> f : futures) {
                findings.addAll(f.get());
            }
            return findings;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SyncFailure("the PII scan failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("the PII scan was interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private List<PiiFinding> values(String where, TableLoad load, List<String> columns) {
        List<PiiFinding> findings = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sampler.sample(load, columns, sampleRows).entrySet()) {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            for (String value : e.getValue()) {
                String kind = ValueDetector.detect(value);
                if (kind != null) {
                    kinds.merge(kind, 1, Integer::sum);
                }
            }
            int sampled = e.getValue().size();
            kinds.entrySet().stream()
                    .filter(k -> STRONG.contains(k.getKey()) || k.getValue() * 2 >= sampled)
                    .max(Map.Entry.comparingByValue())
                    .ifPresent(k -> findings.add(new PiiFinding(where, load.displayName(), e.getKey(),
                            "values: " + k.getKey() + " in " + k.getValue() + " of " + sampled + " sampled")));
        }
        return findings;
    }
}
