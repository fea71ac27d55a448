package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagingsync.archive.TocEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveSamplerTest {

    private static TocEntry data(String table, long bytes) {
        return new TocEntry(1, "TABLE DATA", "public", table, TocEntry.SECTION_DATA, "", "COPY public." + table
                + " (id) FROM stdin;\n", 100, bytes);
    }

    @Test
    void tablesAreSpreadOverGroupsOfAboutEqualDataLargestFirst() {
        List<TocEntry> entries = List.of(data("small", 10), data("huge", 100), data("mid", 60), data("mid2", 50));
        List<List<TocEntry>> groups = ArchiveSampler.groups(entries, 2);
        assertEquals(List.of("huge", "small"), groups.get(0).stream().map(TocEntry::tag).toList());
        assertEquals(List.of("mid", "mid2"), groups.get(1).stream().map(TocEntry::tag).toList());
    }

    @Test
    void neverMoreGroupsThanTablesNorFewerThanOne() {
        assertEquals(1, ArchiveSampler.groups(List.of(data("only", 5)), 4).size());
        assertEquals(1, ArchiveSampler.groups(List.of(), 4).size());
    }
}
