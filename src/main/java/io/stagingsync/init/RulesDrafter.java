package io.stagingsync.init;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.settings.MaskingSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the suggestions into rules: a built-in strategy where one fits, a typed expression for every other column. */
final class RulesDrafter {

    private final ArchiveColumns archive;
    private final RuleNames names;
    private final MaskingSettings masking;
    private final ColumnExpressions expressions;

    RulesDrafter(ArchiveColumns archive, RuleNames names, MaskingSettings masking) {
        this.archive = archive;
        this.names = names;
        this.masking = masking;
        this.expressions = new ColumnExpressions(masking.fakeDomain(), archive::function);
    }

    RulesDraft draft(String source, FindingSuggestions suggestions) {
        List<RulesDraft.Table> tables = new ArrayList<>();
        boolean salted = false;
        for (Map.Entry<QualifiedName, Map<String, FindingSuggestions.Wanted>> e : suggestions.toMask.entrySet()) {
            RulesDraft.Table table = table(e.getKey(), e.getValue(), suggestions.dataColumns.get(e.getKey()));
            salted |= table.strategy() != null && Set.of("user", "email").contains(table.strategy());
            tables.add(table);
        }
        tables.sort(Comparator.comparing(RulesDraft.Table::name));
        List<RulesDraft.Line> excluded = new ArrayList<>();
        suggestions.excluded.forEach((table, lines) -> excluded.add(new RulesDraft.Line(names.table(table),
                lines.isEmpty() ? "its name says sessions, tokens or logs" : "findings: " + String.join(", ", lines))));
        excluded.sort(Comparator.comparing(RulesDraft.Line::entry));
        List<RulesDraft.Line> allowed = new ArrayList<>();
        for (FindingSuggestions.Allowed a : suggestions.allowed) {
            String entry = names.allow(a.table(), a.column());
            if (entry != null && allowed.stream().noneMatch(l -> l.entry().equals(entry))) {
                allowed.add(new RulesDraft.Line(entry, a.why()));
            }
        }
        allowed.sort(Comparator.comparing(RulesDraft.Line::entry));
        return new RulesDraft(source, suggestions.findings, tables, excluded, allowed, List.copyOf(suggestions.unanswered), salted);
    }

    private RulesDraft.Table table(QualifiedName table, Map<String, FindingSuggestions.Wanted> wanted,
                                   List<String> dataColumns) {
        StrategyChoice.Choice choice = StrategyChoice.choose(dataColumns, wanted.keySet(),
                column -> archive.shape(table, column), masking);
        Set<String> own = new LinkedHashSet<>(wanted.keySet());
        String strategyWhy = null;
        if (choice != null) {
            own.removeAll(choice.covered());
            own.addAll(choice.nullIntoRequired());
            strategyWhy = "masks " + String.join(", ", choice.covered().stream()
                    .map(c -> c + " (" + wanted.get(c).why() + ")").toList());
        }
        ArchiveColumns.RowKey key = archive.rowKey(table, wanted.keySet(), dataColumns);
        List<RulesDraft.Column> columns = new ArrayList<>();
        for (String column : own) {
            FindingSuggestions.Wanted w = wanted.get(column);
            ColumnShape shape = archive.shape(table, column);
            ColumnExpressions.Suggestion s = expressions.suggest(shape, key,
                    w == null ? ColumnExpressions.Kind.OTHER : w.kind());
            String why = (w == null ? "NOT NULL, which the strategy would empty" : w.why()) + "; " + s.note();
            columns.add(new RulesDraft.Column(column, s.expression(), why));
        }
        return new RulesDraft.Table(names.table(table), choice == null ? null : choice.strategy(), strategyWhy, columns);
    }
}
