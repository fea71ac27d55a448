package io.stagingsync.archive;

/**
 * One entry of a custom-format dump's table of contents, as pg_dump wrote it.
 *
 * @param section    1 none, 2 pre-data, 3 data, 4 post-data (pg_dump's teSection)
 * @param dataOffset where the entry's data block starts in the file, or -1 when it has none
 * @param dataLength bytes up to the next data block (compressed size), 0 when there is no data
 */
public record TocEntry(
        int dumpId,
        String desc,
        String namespace,
        String tag,
        int section,
        String defn,
        String copyStmt,
        long dataOffset,
        long dataLength) {

    public static final int SECTION_PRE_DATA = 2;
    public static final int SECTION_DATA = 3;
    public static final int SECTION_POST_DATA = 4;

    public boolean isTableData() {
        return "TABLE DATA".equals(desc);
    }

    /** The entry's name as messages show it, control characters escaped. */
    public String qualifiedName() {
        return PrintableName.of((namespace == null || namespace.isEmpty() ? "" : namespace + ".") + tag);
    }
}
