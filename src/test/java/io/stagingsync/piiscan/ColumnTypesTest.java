package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only columns whose type can hold personal data are sampled; a type the scan cannot read is sampled too. */
class ColumnTypesTest {

    @Test
    void numbersDatesAndFlagsAreNotSampledTextJsonAndWideNumbersAre() {
        String defn = """
                CREATE TABLE public.payment (
                    payment_id integer DEFAULT nextval('public.payment_payment_id_seq'::regclass) NOT NULL,
                    amount numeric(5,2) NOT NULL,
                    card numeric(19,0),
                    paid_at timestamp with time zone NOT NULL,
                    "Note" text COLLATE pg_catalog."C",
                    tags character varying(20)[],
                    active boolean,
                    extra jsonb,
                    release_year public.year
                );
                """;
        ColumnTypes types = new ColumnTypes(List.of(new TocEntry(1, "TABLE", "public", "payment",
                TocEntry.SECTION_PRE_DATA, defn, null, -1, 0)));
        QualifiedName payment = new QualifiedName("public", "payment");
        for (String column : List.of("payment_id", "amount", "paid_at", "active")) {
            assertFalse(types.worthSampling(payment, column), column);
        }
        for (String column : List.of("card", "Note", "tags", "extra", "release_year", "not_in_the_definition")) {
            assertTrue(types.worthSampling(payment, column), column);
        }
    }

    @Test
    void aNameCountsOnlyWhereTheTypeCanHoldItsDataAndNeverOnAKey() {
        String defn = """
                CREATE TABLE public.fees_taxes (
                    id uuid NOT NULL,
                    tax_id uuid NOT NULL,
                    tax_number character varying(255) DEFAULT ''::character varying NOT NULL,
                    "Legal Name" text COLLATE pg_catalog."C",
                    email_valid boolean,
                    token_expires_at timestamp without time zone,
                    token uuid,
                    birth_date date,
                    last_ip inet,
                    phone bigint,
                    home_lat double precision,
                    latitude integer,
                    bcc_emails character varying[],
                    nickname public.citext,
                    passport_number bigint,
                    national_id integer
                );
                """;
        String fk = "ALTER TABLE ONLY public.fees_taxes\n    ADD CONSTRAINT fk_1 FOREIGN KEY (tax_number, \"Legal Name\") "
                + "REFERENCES public.taxes(number, name);";
        ColumnTypes types = new ColumnTypes(List.of(
                new TocEntry(1, "TABLE", "public", "fees_taxes", TocEntry.SECTION_PRE_DATA, defn, null, -1, 0),
                new TocEntry(2, "FK CONSTRAINT", "public", "fees_taxes fk_1", TocEntry.SECTION_POST_DATA, fk, null, -1, 0)));
        QualifiedName table = new QualifiedName("public", "fees_taxes");
        assertEquals("character varying(255)", types.type(table, "tax_number"));
        for (String column : List.of("tax_id", "tax_number", "Legal Name")) {
            assertFalse(types.canHold(table, column, "identity"), column);
        }
        assertFalse(types.canHold(table, "email_valid", "contact"));
        assertFalse(types.canHold(table, "token_expires_at", "auth"));
        assertFalse(types.canHold(table, "phone", "contact"));
        assertFalse(types.canHold(table, "national_id", "identity"), "a number named like a key");
        assertFalse(types.canHold(table, "latitude", "location"), "a map's whole-number coordinate");
        for (String[] fits : new String[][] {{"token", "auth"}, {"birth_date", "personal"}, {"last_ip", "contact"},
                {"home_lat", "location"}, {"bcc_emails", "contact"}, {"nickname", "personal"},
                {"passport_number", "identity"}}) {
            assertTrue(types.canHold(table, fits[0], fits[1]), fits[0]);
        }
        assertTrue(types.canHold(table, "email_valid", "pattern ^email_valid$"), "the operator's own pattern");
    }
}
