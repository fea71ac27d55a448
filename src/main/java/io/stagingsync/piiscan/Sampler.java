package io.stagingsync.piiscan;

import io.stagingsync.plan.TableLoad;
import java.util.List;
import java.util.Map;

/** Draws a random sample of each table's values, and reads the large objects, handing each to the scan as it comes. */
interface Sampler {

    /** Receives the samples, possibly from several threads at once. */
    interface Sink {
        void table(TableLoad load, Map<String, List<String>> values, int rowsSampled, long rowsRead);

        /** One window of a large object's bytes; a large object of more than one window comes in several, which overlap. */
        void largeObject(long oid, byte[] window);
    }

    /** @param columns the columns worth sampling of each table; @param rows the sample size per table */
    void sample(Map<TableLoad, List<String>> columns, int rows, boolean largeObjects, Sink sink);
}
