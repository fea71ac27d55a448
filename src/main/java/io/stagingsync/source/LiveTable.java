package io.stagingsync.source;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table of the live source whose rows stream into the load, as the snapshot's catalog describes it.
 *
 * @param columns the columns pg_dump would copy: not dropped, not generated, in their order
 * @param bytes   the table's size on the source, which orders the loads largest first
 * @param rows    the source's estimate of its rows, -1 when the table was never analyzed
 */
record LiveTable(QualifiedName name, List<String> columns, long bytes, long rows) {

    /** Its data entry as pg_dump would have written it, so that the plan handles it like an archive's. */
    TocEntry dataEntry(int dumpId) {
        return new TocEntry(dumpId, "TABLE DATA", name.schema(), name.name(), TocEntry.SECTION_DATA, "",
                "COPY " + name.sql() + columnList() + " FROM stdin;\n", -1, bytes);
    }

    /** The statement that copies its rows out of the source. */
    String copyOut() {
        return "COPY " + name.sql() + columnList() + " TO STDOUT";
    }

    /** The pattern of pg_dump's --exclude-table-data that names this table only. */
    String dumpPattern() {
        return name.sql();
    }

    private String columnList() {
        return columns.isEmpty() ? "" : columns.stream().map(QualifiedName::quote).collect(Collectors.joining(", ", " (", ")"));
    }
}
