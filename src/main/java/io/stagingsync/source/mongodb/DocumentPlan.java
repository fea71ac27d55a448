package io.stagingsync.source.mongodb;

import java.util.List;

/** The collections a MongoDB run copies, in the order they are loaded (largest first). */
public record DocumentPlan(String database, List<CollectionCopy> collections) {

    public DocumentPlan {
        collections = List.copyOf(collections);
    }

    /** The collections whose documents are copied (not excluded). */
    public List<CollectionCopy> loads() {
        return collections.stream().filter(c -> !c.excluded()).toList();
    }
}
