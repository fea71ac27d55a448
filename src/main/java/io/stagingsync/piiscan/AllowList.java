package io.stagingsync.piiscan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.plan.TableLoad;
import java.util.ArrayList;
import java.util.List;

/** The reviewed columns of {@code pii_scan.allow}: {@code table.column} or {@code schema.table.column}. */
final class AllowList {

    private final List<String> entries;

    AllowList(List<String> entries) {
        this.entries = entries;
    }

    boolean allows(QualifiedName table, String column) {
        return entries.stream().anyMatch(e -> matches(e, table, column));
    }

    /** A reviewed object that is not a column: {@code large object 16403}, {@code type public.mood}. */
    boolean allowsObject(String name) {
        return entries.contains(name);
    }

    /** Entries that name no column of the loaded tables: typos, which would silently allow nothing. */
    List<String> unknown(List<TableLoad> loads) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e.contains(" ")) {
                continue;
            }
            if (loads.stream().noneMatch(l -> l.columns().stream().anyMatch(c -> matches(e, l.table(), c)))) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean matches(String entry, QualifiedName table, String column) {
        int last = entry.lastIndexOf('.');
        String tablePart = entry.substring(0, last);
        String columnPart = entry.substring(last + 1);
        boolean tableOk = tablePart.contains(".") ? tablePart.equals(table.schema() + "." + table.name())
                : tablePart.equals(table.name());
        return tableOk && columnPart.equals(column);
    }
}
