package io.stagingsync.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagingsync.run.TargetCopy;
import io.stagingsync.run.TargetCopy.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which copies a successful run drops: beyond the count, never the live one, the newest one or one being filled. */
class CopyRetentionTest {

    private static TargetCopy copy(String name, String at, State state) {
        return new TargetCopy(name, Instant.parse(at), 1L, state);
    }

    private static final TargetCopy LIVE = copy("staging", "2026-12-05T03:00:00Z", State.LIVE);
    private static final TargetCopy DAY_1 = copy("staging_20261204T030000Z", "2026-12-04T03:00:00Z", State.KEPT);
    private static final TargetCopy DAY_2 = copy("staging_20261203T030000Z", "2026-12-03T03:00:00Z", State.KEPT);
    private static final TargetCopy DAY_3 = copy("staging_20261202T030000Z", "2026-12-02T03:00:00Z", State.KEPT);

    @Test
    void theNewestCopiesUpToTheCountStayTheLiveOneAmongThem() {
        assertEquals(List.of(DAY_3), CopyRetention.toDrop(List.of(DAY_3, LIVE, DAY_1, DAY_2), 3));
        assertEquals(List.of(DAY_1, DAY_2, DAY_3), CopyRetention.toDrop(List.of(LIVE, DAY_1, DAY_2, DAY_3), 1));
        assertEquals(List.of(), CopyRetention.toDrop(List.of(LIVE, DAY_1), 3));
    }

    @Test
    void aNewerCopyThanTheLiveOneStaysBesideItWhateverTheCount() {
        // an operator made an older copy live again by renaming: the newest verified copy is not the live one
        TargetCopy olderLive = copy("staging", "2026-12-03T03:00:00Z", State.LIVE);
        TargetCopy newest = copy("staging_20261205T030000Z", "2026-12-05T03:00:00Z", State.KEPT);
        assertEquals(List.of(DAY_1, DAY_3), CopyRetention.toDrop(List.of(newest, DAY_1, olderLive, DAY_3), 1));
    }

    @Test
    void aLiveDatabaseWithoutATimeIsKeptAndSortsLast() {
        TargetCopy unknown = new TargetCopy("staging", null, null, State.LIVE);
        assertEquals(List.of(DAY_2), CopyRetention.toDrop(List.of(unknown, DAY_1, DAY_2), 2));
    }

    @Test
    void aCopyBeingFilledIsNeitherCountedNorDropped() {
        TargetCopy filling = copy("staging_20261206T030000Z", "2026-12-06T03:00:00Z", State.RESTORING);
        assertEquals(List.of(DAY_2), CopyRetention.toDrop(List.of(filling, LIVE, DAY_1, DAY_2), 2));
    }

    @Test
    void withoutALiveDatabaseNothingIsDropped() {
        assertEquals(List.of(), CopyRetention.toDrop(List.of(DAY_1, DAY_2, DAY_3), 1));
    }
}
