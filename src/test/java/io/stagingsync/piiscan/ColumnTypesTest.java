package io.stagingsync.piiscan;

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
}
