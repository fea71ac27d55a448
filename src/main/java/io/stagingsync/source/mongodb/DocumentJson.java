package io.stagingsync.source.mongodb;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

/**
 * How a BSON document becomes JSONB: MongoDB Extended JSON v2, relaxed mode. Relaxed keeps numbers, strings and
 * booleans plain JSON (so {@code (doc->>'age')::int} works) and dates readable ({@code {"$date": "2024-…Z"}}),
 * while the types JSON lacks stay typed and lossless: {@code $oid}, {@code $numberDecimal}, {@code $binary}.
 */
public final class DocumentJson {

    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private DocumentJson() {
    }

    public static String json(Document document) {
        return document.toJson(RELAXED);
    }

    /**
     * The {@code _id} column: an ObjectId as its 24 hex digits, a string as itself, any other type as its canonical
     * Extended JSON ({@code {"$numberLong": "42"}}), which names the type, so 42 and "42" stay apart and the text
     * is the same on every run.
     */
    public static String idText(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof ObjectId oid) {
            return oid.toHexString();
        }
        if (id instanceof String s) {
            return s;
        }
        BsonValue value = new Document("_id", id).toBsonDocument().get("_id");
        String json = new BsonDocument("_id", value).toJson(CANONICAL);
        // {"_id": <value>} → <value>
        return json.substring(json.indexOf(':') + 1, json.length() - 1).trim();
    }
}
