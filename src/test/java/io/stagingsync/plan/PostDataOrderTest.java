package io.stagingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.run.PostDataProgress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which post-data items the load builds, and what each waits for, read from the archive's dependencies. */
class PostDataOrderTest {

    private static TocEntry entry(int id, String desc, String tag, int section, Integer... dependencies) {
        return new TocEntry(id, desc, "public", tag, section, "", null, -1, 0, List.of(dependencies));
    }

    private static TableLoad load(TocEntry data) {
        return new TableLoad(data, new QualifiedName("public", data.tag()), List.of("id"), null, null);
    }

    private final TocEntry people = entry(1, "TABLE", "people", TocEntry.SECTION_PRE_DATA);
    private final TocEntry things = entry(2, "TABLE", "things", TocEntry.SECTION_PRE_DATA);
    private final TocEntry logs = entry(3, "TABLE", "logs", TocEntry.SECTION_PRE_DATA);
    private final TocEntry view = entry(4, "MATERIALIZED VIEW", "totals", TocEntry.SECTION_PRE_DATA, 2);
    private final TocEntry peopleData = entry(11, "TABLE DATA", "people", TocEntry.SECTION_DATA, 1);
    private final TocEntry thingsData = entry(12, "TABLE DATA", "things", TocEntry.SECTION_DATA, 2);
    private final TocEntry peopleKey = entry(21, "CONSTRAINT", "people people_pkey", TocEntry.SECTION_POST_DATA, 1);
    private final TocEntry thingsIndex = entry(22, "INDEX", "things_label_idx", TocEntry.SECTION_POST_DATA, 2);
    private final TocEntry thingsOwner = entry(23, "FK CONSTRAINT", "things things_owner_fkey",
            TocEntry.SECTION_POST_DATA, 2, 1, 21);
    private final TocEntry logsIndex = entry(24, "INDEX", "logs_at_idx", TocEntry.SECTION_POST_DATA, 3);
    private final TocEntry trigger = entry(25, "TRIGGER", "things touch", TocEntry.SECTION_POST_DATA, 2);
    private final TocEntry viewIndex = entry(26, "INDEX", "totals_key", TocEntry.SECTION_POST_DATA, 4);
    private final TocEntry viewData = entry(27, "MATERIALIZED VIEW DATA", "totals", TocEntry.SECTION_POST_DATA, 4);
    private final List<TocEntry> postData = List.of(peopleKey, thingsIndex, thingsOwner, logsIndex, trigger, viewIndex,
            viewData);

    private PostDataOrder order() {
        // logs is excluded: no load
        return PostDataOrder.of(List.of(people, things, logs, view, peopleData, thingsData, peopleKey, thingsIndex,
                thingsOwner, logsIndex, trigger, viewIndex, viewData), List.of(load(peopleData), load(thingsData)),
                postData, Map.of());
    }

    @Test
    void keysAndIndexesOfLoadedTablesAndForeignKeysBetweenThemAreBuiltDuringTheLoad() {
        PostDataOrder order = order();
        assertEquals(List.of(peopleKey, thingsIndex, thingsOwner), order.early());
        assertEquals(Set.of(12), order.dataNeeded(thingsIndex));
        assertEquals(Set.of(11, 12), order.dataNeeded(thingsOwner), "both ends of the foreign key");
        assertEquals(Set.of(21), order.itemsNeeded(thingsOwner), "the referenced key first");
    }

    @Test
    void excludedTablesTriggersAndMaterializedViewsWaitForRestorePost() {
        List<TocEntry> early = order().early();
        for (TocEntry late : List.of(logsIndex, trigger, viewIndex, viewData)) {
            assertFalse(early.contains(late), late.tag());
        }
    }

    @Test
    void aPartitionsKeyIsBuiltWithItsRowsAndAttachedOnceItsParentsKeyIs() {
        TocEntry parent = new TocEntry(31, "TABLE", "public", "orders", TocEntry.SECTION_PRE_DATA,
                "CREATE TABLE public.orders (id integer) PARTITION BY RANGE (id);", null, -1, 0, List.of());
        TocEntry part = entry(32, "TABLE", "orders_1", TocEntry.SECTION_PRE_DATA);
        TocEntry partData = entry(33, "TABLE DATA", "orders_1", TocEntry.SECTION_DATA, 32);
        TocEntry parentKey = entry(41, "CONSTRAINT", "orders orders_pkey", TocEntry.SECTION_POST_DATA, 31);
        TocEntry partKey = entry(42, "CONSTRAINT", "orders_1 orders_1_pkey", TocEntry.SECTION_POST_DATA, 41, 32);
        TocEntry attach = entry(43, "INDEX ATTACH", "orders_1_pkey", TocEntry.SECTION_POST_DATA, 32, 41, 42, 31);
        PostDataOrder order = PostDataOrder.of(List.of(parent, part, partData, parentKey, partKey, attach),
                List.of(load(partData)), List.of(parentKey, partKey, attach),
                Map.of(new QualifiedName("public", "orders_1"), new QualifiedName("public", "orders")));
        assertEquals(List.of(parentKey, partKey, attach), order.early());
        assertEquals(Set.of(), order.itemsNeeded(partKey), "the partition's key needs only its rows");
        assertEquals(Set.of(41, 42), order.itemsNeeded(attach), "the attach needs both keys");
    }

    @Test
    void progressHandsEachReadyItemOutOnceAndLeavesTheRestToRestorePost() {
        PostDataProgress progress = new PostDataProgress(order());
        assertEquals(List.of(thingsIndex), progress.loaded(12));
        assertEquals(List.of(peopleKey), progress.loaded(11));
        assertEquals(List.of(), progress.built(List.of(thingsIndex)));
        assertEquals(List.of(thingsOwner), progress.built(List.of(peopleKey)));
        progress.built(List.of(thingsOwner));
        assertEquals(List.of(logsIndex, trigger, viewIndex, viewData), progress.notBuilt(postData));
    }
}
