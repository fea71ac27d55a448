package io.stagingsync.run;

import io.stagingsync.archive.TocEntry;
import io.stagingsync.plan.PostDataOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The run's post-data items built during the load, thread-safe: each loaded table and each built item may make
 * more items ready, which the caller claims (nobody else builds them) and builds; restore-post builds the rest.
 */
public final class PostDataProgress {

    private final PostDataOrder order;
    private final Set<Integer> loaded = new HashSet<>();
    private final Set<Integer> claimed = new HashSet<>();
    private final Set<Integer> built = new HashSet<>();

    public PostDataProgress(PostDataOrder order) {
        this.order = order;
    }

    /** The table data (dump id) is loaded and checked: the items this made ready, claimed by the caller. */
    public synchronized List<TocEntry> loaded(int dataDumpId) {
        loaded.add(dataDumpId);
        return claimReady();
    }

    /** The items are built: those this made ready, claimed by the caller. */
    public synchronized List<TocEntry> built(List<TocEntry> items) {
        items.forEach(e -> built.add(e.dumpId()));
        return claimReady();
    }

    /** The items of {@code postData} not built yet, in their order. */
    public synchronized List<TocEntry> notBuilt(List<TocEntry> postData) {
        return postData.stream().filter(e -> !built.contains(e.dumpId())).toList();
    }

    public synchronized int builtCount() {
        return built.size();
    }

    private List<TocEntry> claimReady() {
        List<TocEntry> ready = new ArrayList<>();
        for (TocEntry item : order.early()) {
            if (!claimed.contains(item.dumpId()) && loaded.containsAll(order.dataNeeded(item))
                    && built.containsAll(order.itemsNeeded(item))) {
                claimed.add(item.dumpId());
                ready.add(item);
            }
        }
        return ready;
    }
}
