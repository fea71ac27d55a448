package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The archive's sample is drawn across the whole table: rows far past the first thousand are kept too. */
class ReservoirTest {

    @Test
    void sampleOfALongStreamHoldsRowsFromItsWholeLength() {
        Reservoir<Integer> reservoir = new Reservoir<>(1000);
        for (int i = 0; i < 100_000; i++) {
            reservoir.offer(i);
        }
        assertEquals(1000, reservoir.kept().size());
        assertEquals(100_000, reservoir.seen());
        long late = reservoir.kept().stream().filter(i -> i >= 50_000).count();
        // binomial(1000, 0.5): outside 350..650 has a probability below 1e-20
        assertTrue(late > 350 && late < 650, "rows from the second half: " + late);
        assertTrue(reservoir.kept().stream().allMatch(i -> i >= 0 && i < 100_000));
    }

    @Test
    void shortStreamIsKeptWhole() {
        Reservoir<String> reservoir = new Reservoir<>(10);
        reservoir.offer("a");
        reservoir.offer("b");
        assertEquals(java.util.List.of("a", "b"), reservoir.kept());
    }

    @Test
    void rowsGivenTheirSlotBeforeBeingMadeAreCountedAndKeptAsOffered() {
        Reservoir<String> reservoir = new Reservoir<>(2);
        for (String row : new String[] {"a", "b", "c"}) {
            int slot = reservoir.slot();
            if (slot >= 0) {
                reservoir.put(slot, row);
            }
        }
        assertEquals(3, reservoir.seen());
        assertEquals(2, reservoir.kept().size());
    }
}
