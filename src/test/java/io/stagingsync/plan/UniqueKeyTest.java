package io.stagingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unique keys read from post-data definitions as pg_dump 11–17 writes them. */
class UniqueKeyTest {

    private static TocEntry entry(String desc, String tag, String defn) {
        return new TocEntry(1, desc, "public", tag, TocEntry.SECTION_POST_DATA, defn, null, -1, 0);
    }

    @Test
    void primaryKeysUniqueConstraintsAndUniqueIndexesAreRead() {
        List<UniqueKey> keys = UniqueKey.read(List.of(
                entry("CONSTRAINT", "users users_pkey", "ALTER TABLE ONLY public.users\n    ADD CONSTRAINT users_pkey PRIMARY KEY (id);\n"),
                entry("CONSTRAINT", "accounts k", "ALTER TABLE ONLY public.accounts\n    ADD CONSTRAINT \"Login Key\" UNIQUE NULLS NOT DISTINCT (tenant, \"Login\");\n"),
                entry("INDEX", "phones_number", "CREATE UNIQUE INDEX phones_number ON public.phone_numbers USING btree (number) WHERE (deleted_at IS NULL);\n"),
                entry("INDEX", "users_lower_email", "CREATE UNIQUE INDEX users_lower_email ON public.users USING btree (lower(email));\n"),
                entry("INDEX", "users_name", "CREATE INDEX users_name ON public.users USING btree (last_name);\n"),
                entry("FK CONSTRAINT", "x", "ALTER TABLE ONLY public.a\n    ADD CONSTRAINT x FOREIGN KEY (b) REFERENCES public.b(id);\n")));
        assertEquals(4, keys.size());
        assertEquals(new UniqueKey(new QualifiedName("public", "users"), "users_pkey", List.of("id"), false, null), keys.get(0));
        UniqueKey login = keys.get(1);
        assertEquals("\"Login Key\"", login.name());
        assertEquals(List.of("tenant", "Login"), login.columns());
        assertTrue(login.nullsNotDistinct());
        UniqueKey phones = keys.get(2);
        assertEquals(List.of("number"), phones.columns());
        assertEquals("(deleted_at IS NULL)", phones.predicate());
        assertFalse(phones.nullsNotDistinct());
        assertTrue(keys.get(3).columns().isEmpty(), "an expression key is left to post-data");
        assertNull(keys.get(3).predicate());
    }
}
