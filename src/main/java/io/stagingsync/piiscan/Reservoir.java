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
        seen++;
        if (kept.size() < size) {
            kept.add(item);
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < size) {
            kept.set((int) slot, item);
        }
    }

    List<T> kept() {
        return kept;
    }

    long seen() {
        return seen;
    }
}
