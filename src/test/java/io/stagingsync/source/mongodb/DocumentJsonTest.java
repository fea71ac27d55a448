package io.stagingsync.source.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stagingsync.plan.DidYouMean;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Relaxed Extended JSON for the copy, stable and type-distinct text for the ids, path names of the rules. */
class DocumentJsonTest {

    @Test
    void idsOfEveryTypeBecomeStableTextThatKeepsTypesApart() {
        ObjectId oid = new ObjectId("65f1c0ffee0000000000abcd");
        assertEquals("65f1c0ffee0000000000abcd", DocumentJson.idText(oid));
        assertEquals("42", DocumentJson.idText("42"));
        assertEquals("{\"$numberInt\": \"42\"}", DocumentJson.idText(42));
        assertEquals("{\"$numberLong\": \"42\"}", DocumentJson.idText(42L));
        assertNotEquals(DocumentJson.idText(42), DocumentJson.idText("42"));
        assertEquals("{\"$numberDecimal\": \"1.50\"}", DocumentJson.idText(new Decimal128(new BigDecimal("1.50"))));
        assertEquals("{\"$date\": {\"$numberLong\": \"0\"}}", DocumentJson.idText(new Date(0)));
        assertEquals("{\"a\": {\"$numberInt\": \"1\"}, \"b\": \"x\"}", DocumentJson.idText(new Document("a", 1).append("b", "x")));
        assertEquals(DocumentJson.idText(new Document("a", 1)), DocumentJson.idText(new Document("a", 1)));
        assertNull(DocumentJson.idText(null));
        // the driver reads a UUID id as binary (no uuidRepresentation is set): its subtype stays in the text
        assertEquals("{\"$binary\": {\"base64\": \"AQI=\", \"subType\": \"04\"}}",
                DocumentJson.idText(new Binary((byte) 4, new byte[] {1, 2})));
    }

    @Test
    void documentsAreRelaxedExtendedJsonWithLosslessWrappersForTypesJsonLacks() {
        String json = DocumentJson.json(new Document("n", 3).append("big", 30_000_000_000L).append("d", 0.5)
                .append("at", new Date(1_700_000_000_000L)).append("money", new Decimal128(new BigDecimal("9.90")))
                .append("nan", Double.NaN).append("list", List.of(1, "two")));
        assertEquals("{\"n\": 3, \"big\": 30000000000, \"d\": 0.5, \"at\": {\"$date\": \"2023-11-14T22:13:20Z\"}, "
                + "\"money\": {\"$numberDecimal\": \"9.90\"}, \"nan\": {\"$numberDouble\": \"NaN\"}, "
                + "\"list\": [1, \"two\"]}", json);
    }

    @Test
    void onlyDocPathsAreMaskablePaths() {
        assertEquals(List.of("address", "city"), PathRule.parse("doc.address.city", "NULL").keys());
        assertEquals("ARRAY['it''s']::text[]", PathRule.parse("doc.it's", "NULL").keysLiteral());
        assertNull(PathRule.parse("email", "NULL"));
        assertNull(PathRule.parse("doc.", "NULL"));
        assertNull(PathRule.parse("doc..x", "NULL"));
    }

    @Test
    void suggestionsNameTheClosestKnownName() {
        assertEquals("; did you mean doc.address.city?", DidYouMean.suggest("doc.adress.city", List.of("doc.address.city", "doc.email")));
        assertEquals("", DidYouMean.suggest("totally", List.of("doc.email")));
    }
}
