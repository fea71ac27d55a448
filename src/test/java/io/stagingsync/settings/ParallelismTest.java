package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The default parallelism follows the cores and gives way to a target short of connections; a setting never does. */
class ParallelismTest {

    @Test
    void theDefaultIsOneMoreThanTheCoresBetweenTwoAndEight() {
        assertEquals(2, Parallelism.forCores(1).jobs());
        assertEquals(2, Parallelism.forCores(2).jobs());
        assertEquals(4, Parallelism.forCores(4).jobs());
        assertEquals(8, Parallelism.forCores(32).jobs());
        assertEquals("not set: 2 for 2 cores", Parallelism.forCores(2).reason());
    }

    @Test
    void theDefaultIsLoweredToTheConnectionsTheTargetHasFree() {
        Parallelism lowered = Parallelism.forCores(8).withinConnections(8, 20);
        assertEquals(3, lowered.jobs());
        assertTrue(lowered.reason().contains("lowered to 3: the target has only 8 of 20 connections free"),
                lowered.reason());
        assertEquals(1, Parallelism.forCores(8).withinConnections(2, 20).jobs());
        Parallelism kept = Parallelism.forCores(2).withinConnections(90, 100);
        assertEquals(2, kept.jobs());
        assertTrue(kept.reason().endsWith("the target has 90 of 100 connections free"), kept.reason());
    }

    @Test
    void anExplicitSettingIsNeverLowered() {
        Parallelism given = Parallelism.given(6).withinConnections(4, 10);
        assertEquals(6, given.jobs());
        assertEquals("SYNC_PARALLELISM=6", given.reason());
    }
}
