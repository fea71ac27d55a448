package io.stagingsync.target;

import io.stagingsync.run.TargetCopy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which copies go after a successful run: all but the last {@code keep} verified ones. The live copy and the newest
 * verified one always stay (they are two when an operator made an older copy live), whatever {@code keep} says;
 * a copy a run is still filling is never counted nor dropped here.
 */
final class CopyRetention {

    private CopyRetention() {
    }

    static List<TargetCopy> toDrop(List<TargetCopy> copies, int keep) {
        List<TargetCopy> good = copies.stream().filter(c -> c.state() != TargetCopy.State.RESTORING)
                .sorted(Comparator.comparing(TargetCopy::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        if (good.stream().noneMatch(TargetCopy::live)) {
            // the live database cannot be told apart: nothing is dropped rather than the wrong one
            return List.of();
        }
        Set<TargetCopy> kept = new LinkedHashSet<>();
        good.stream().filter(TargetCopy::live).forEach(kept::add);
        kept.add(good.get(0));
        for (TargetCopy c : good) {
            if (kept.size() >= keep) {
                break;
            }
            kept.add(c);
        }
        List<TargetCopy> drop = new ArrayList<>(good);
        drop.removeAll(kept);
        return drop;
    }
}
