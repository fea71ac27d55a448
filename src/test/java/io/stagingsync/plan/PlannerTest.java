package io.stagingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Partitions and inheritance children are found in every form pg_dump 11–17 writes them. */
class PlannerTest {

    private static TocEntry table(String schema, String name, String defn) {
        return new TocEntry(1, "TABLE", schema, name, TocEntry.SECTION_PRE_DATA, defn, null, -1, 0);
    }

    private static QualifiedName q(String schema, String name) {
        return new QualifiedName(schema, name);
    }

    @Test
    void everyPartitionFormIsRecognised() {
        List<TocEntry> entries = List.of(
                // pg_dump 12-13: the ATTACH is part of the partition's TABLE entry
                table("public", "payments_2024", "CREATE TABLE public.payments_2024 (\n    id bigint\n);\n"
                        + "ALTER TABLE ONLY public.payments ATTACH PARTITION public.payments_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"),
                // pg_dump 14+: a TABLE ATTACH entry
                new TocEntry(2, "TABLE ATTACH", "public", "my part", TocEntry.SECTION_PRE_DATA,
                        "ALTER TABLE ONLY public.\"Pay ments\" ATTACH PARTITION public.\"my part\" DEFAULT;\n", null, -1, 0),
                // pg_dump 11 and --load-via-partition-root style
                table("public", "p_old", "CREATE UNLOGGED TABLE public.p_old PARTITION OF public.payments\n"
                        + "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"),
                table("public", "legacy_2019", "CREATE TABLE public.legacy_2019 (\n)\nINHERITS (public.legacy, public.other);\n"));
        Map<QualifiedName, QualifiedName> parents = Planner.partitionParents(entries);
        assertEquals(Map.of(
                q("public", "payments_2024"), q("public", "payments"),
                q("public", "my part"), q("public", "Pay ments"),
                q("public", "p_old"), q("public", "payments"),
                q("public", "legacy_2019"), q("public", "legacy")), parents);
    }
}
