package io.stagingsync.init;

import io.stagingsync.settings.BuiltInStrategy;
import io.stagingsync.settings.GeneratedColumn;
import io.stagingsync.settings.MaskingSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The built-in strategy that masks most of a table's findings and would pass the plan as the table is. */
final class StrategyChoice {

    /** Tie-break: the narrower strategy first. */
    private static final List<String> ORDER = List.of("phone", "payment", "email", "address", "user");

    /**
     * @param covered      the wanted columns the strategy masks
     * @param nullIntoRequired NOT NULL columns the strategy would empty: they need the entry's own expression
     */
    record Choice(String strategy, Set<String> covered, List<String> nullIntoRequired) {
    }

    private StrategyChoice() {
    }

    /** The best fitting strategy, or null. */
    static Choice choose(List<String> dataColumns, Set<String> wanted, Function<String, ColumnShape> shapes,
                         MaskingSettings masking) {
        Choice best = null;
        int bestWrites = 0;
        for (String name : ORDER) {
            BuiltInStrategy.Expansion e = BuiltInStrategy.expand(name, dataColumns, Map.of(), masking);
            Set<String> covered = new LinkedHashSet<>(e.columns().keySet());
            covered.retainAll(wanted);
            if (!e.matched() || covered.isEmpty() || covered.size() * 2 < wanted.size()
                    || (!e.salted().isEmpty() && !masking.hasSalt())) {
                continue;
            }
            List<String> nullIntoRequired = new ArrayList<>();
            boolean fits = true;
            for (Map.Entry<String, GeneratedColumn> g : e.generated().entrySet()) {
                ColumnShape shape = shapes.apply(g.getKey());
                if (g.getValue().alwaysNull()) {
                    if (shape.notNull()) {
                        nullIntoRequired.add(g.getKey());
                    }
                } else if (shape.family() != ColumnShape.Family.TEXT || shape.unique() && !g.getValue().unique()) {
                    fits = false;
                }
            }
            int writes = e.columns().size();
            if (fits && (best == null || covered.size() > best.covered().size()
                    || covered.size() == best.covered().size() && writes < bestWrites)) {
                best = new Choice(name, covered, nullIntoRequired);
                bestWrites = writes;
            }
        }
        return best;
    }
}
