package io.stagingsync.piiscan;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A uniform random sample of at most {@code size} items of a stream of unknown length (Vitter's algorithm R). */
final class Reservoir<T> {

    private final int size;
    private final List<T> kept;
    private final SplittableRandom random = new SplittableRandom();
    private long seen;

    Reservoir(int size) {
        this.size = size;
        this.kept = new ArrayList<>(Math.min(size, 4096));
    }

    void offer(T item) {
        int slot = slot();
        if (slot >= 0) {
            put(slot, item);
        }
    }

    /** Counts the next item and says where it goes, or -1 when it is not kept (then it need not even be made). */
    int slot() {
        seen++;
        if (seen <= size) {
            return (int) (seen - 1);
        }
        long slot = random.nextLong(seen);
        return slot < size ? (int) slot : -1;
    }

    void put(int slot, T item) {
        if (slot == kept.size()) {
            kept.add(item);
        } else {
            kept.set(slot, item);
        }
    }

    List<T> kept() {
        return kept;
    }

    long seen() {
        return seen;
    }
}
