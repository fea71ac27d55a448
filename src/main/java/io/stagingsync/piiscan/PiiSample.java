package io.stagingsync.piiscan;

/**
 * How much of a table the PII scan judged by its values.
 *
 * @param rowsSampled the rows kept in the random sample
 * @param rowsRead    the rows the sample was drawn from: all the archive's rows, or the final table's row count
 */
public record PiiSample(String where, String table, int rowsSampled, long rowsRead) {
}
