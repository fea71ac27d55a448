package io.stagingsync.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlainTableDataTest {

    private static final QualifiedName USERS = new QualifiedName("public", "users");

    private static TocEntry data(String defn, String copy) {
        return new TocEntry(7, "TABLE DATA", "public", "users", TocEntry.SECTION_DATA, defn, copy, 100, 10);
    }

    @Test
    void aCopyAsPgDumpWritesItMayBeRestoredDirectly() {
        assertTrue(PlainTableData.of(data("", "COPY public.users (id, email) FROM stdin;\n"), USERS, List.of("id", "email")));
        assertTrue(PlainTableData.of(data(null, "COPY public.\"Users\" (\"Id\", \"a \"\"quoted\"\", name\") FROM stdin;\n"),
                new QualifiedName("public", "Users"), List.of("Id", "a \"quoted\", name")));
        assertTrue(PlainTableData.of(data("", "COPY public.users  FROM stdin;\n"), USERS, List.of()));
    }

    @Test
    void anEntryWithADefinitionOrASecondStatementIsRelayedInstead() {
        List<String> columns = List.of("id", "email");
        assertFalse(PlainTableData.of(data("CREATE ROLE evil;", "COPY public.users (id, email) FROM stdin;\n"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "CREATE ROLE evil; COPY public.users (id, email) FROM stdin;\n"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY public.users (id, email) FROM stdin; DROP TABLE x; COPY public.users (id, email) FROM stdin;"),
                USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY public.users (id, email) FROM PROGRAM 'id'; FROM stdin;"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY public.users (id, email) FROM stdin WITH (FORMAT binary);"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY public.\"users (id) FROM stdin;"), USERS, columns));
    }

    @Test
    void aCopyIntoAnotherTableOrOtherColumnsIsRelayedInstead() {
        List<String> columns = List.of("id", "email");
        assertFalse(PlainTableData.of(data("", "COPY public.admins (id, email) FROM stdin;\n"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY users (id, email) FROM stdin;\n"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY public.users (email, id) FROM stdin;\n"), USERS, columns));
        assertFalse(PlainTableData.of(data("", "COPY public.users FROM stdin;\n"), USERS, columns));
        assertFalse(PlainTableData.of(new TocEntry(7, "BLOBS", "", "BLOBS", TocEntry.SECTION_DATA, "", null, 100, 10),
                USERS, columns));
    }
}
