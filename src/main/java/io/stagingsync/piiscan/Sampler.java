package io.stagingsync.piiscan;

import io.stagingsync.plan.TableLoad;
import java.util.List;
import java.util.Map;

/** Reads a bounded number of one table's values, column by column, as text. */
interface Sampler {

    Map<String, List<String>> sample(TableLoad load, List<String> columns, int rows);
}
