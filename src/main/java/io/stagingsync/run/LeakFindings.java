package io.stagingsync.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The leak check of one table: per masked column, its surviving original values by kind, and the columns whose
 * replacement was accepted as one constant (a value every masked row holds identifies nobody).
 *
 * @param kinds     per column with survivors: kind (kept, normalized, copied, moved, reversed, hashed) to cells
 * @param constants the columns every masked row holds the same value of
 * @param minShared K: a masked value equal to another row's original survives unless at least K masked rows hold it
 */
public record LeakFindings(List<String> columns, Map<String, Map<String, Long>> kinds, List<String> constants,
                           int minShared) {

    public static final List<String> KINDS = List.of("kept", "normalized", "copied", "moved", "reversed", "hashed");

    public LeakFindings {
        columns = List.copyOf(columns);
        kinds = Map.copyOf(kinds);
        constants = List.copyOf(constants);
    }

    public static LeakFindings none() {
        return new LeakFindings(List.of(), Map.of(), List.of(), 0);
    }

    /** Per checked column, in the rule's order, its survivors of every kind (0 when none). */
    public Map<String, Long> perColumn() {
        Map<String, Long> out = new LinkedHashMap<>();
        columns.forEach(c -> out.put(c, kinds.getOrDefault(c, Map.of()).values().stream().mapToLong(Long::longValue).sum()));
        return out;
    }

    /** Per column with survivors, kind to cells, kinds in the order of {@link #KINDS}. */
    public Map<String, Map<String, Long>> byKind() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String column : columns) {
            Map<String, Long> found = kinds.getOrDefault(column, Map.of());
            if (!found.isEmpty()) {
                Map<String, Long> ordered = new LinkedHashMap<>();
                KINDS.stream().filter(found::containsKey).forEach(k -> ordered.put(k, found.get(k)));
                out.put(column, ordered);
            }
        }
        return out;
    }

    public long total() {
        return kinds.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** "email: 3 normalized; last_name: 30 moved": columns and kinds only, never a value. */
    public String describe() {
        return byKind().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().entrySet().stream()
                        .map(k -> k.getValue() + " " + k.getKey()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
