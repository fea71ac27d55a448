package io.stagingsync.verify;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the target held before the run first wrote it, and what the run itself created besides the archive's
 * objects (the post-sync hooks'). Objects are compared by their catalog row: a dropped and recreated one is new.
 */
public final class CatalogBaseline {

    private final Set<CatalogObject.Ref> before;
    private final Set<CatalogObject.Ref> createdByRun = ConcurrentHashMap.newKeySet();

    private CatalogBaseline(Set<CatalogObject.Ref> before) {
        this.before = Set.copyOf(before);
    }

    /** The target's own objects, found before the run touched it. */
    public static CatalogBaseline of(Set<CatalogObject.Ref> before) {
        return new CatalogBaseline(before);
    }

    /** A database created from template0 for the run: it holds system objects only, which no check lists. */
    public static CatalogBaseline freshDatabase() {
        return new CatalogBaseline(Set.of());
    }

    public boolean existedBefore(CatalogObject.Ref ref) {
        return before.contains(ref);
    }

    /** True for what was there before the run or what the run's own SQL created. */
    public boolean expected(CatalogObject.Ref ref) {
        return before.contains(ref) || createdByRun.contains(ref);
    }

    public void createdByRun(Set<CatalogObject.Ref> refs) {
        createdByRun.addAll(refs);
    }
}
