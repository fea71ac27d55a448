package io.stagingsync.testing;

import com.mongodb.client.MongoDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/** Source collections for the MongoDB tests: documents with every BSON type the copy must keep. */
public final class MongoSamples {

    /** Rules masking the users' personal paths, nested and in arrays. */
    public static final String USER_RULES = """
            tables:
              - table: users
                columns:
                  doc.email: "'user' || _id || '@example.test'"
                  doc.address.city: "'Springfield'"
                  doc.phones: "'+00 ' || md5(value::text)"
                  doc.contacts.email: "'contact-' || md5(value::text) || '@example.test'"
            pii_scan:
              policy: fail
              allow: [mongo_users.doc.address.zip]
            """;

    /** Text found in the users' personal values only: none of it may reach the target. */
    public static final List<String> RAW_MARKERS = List.of("@realmail.example", "Realcity", "+336", "+337");

    private MongoSamples() {
    }

    /**
     * {@code count} users, their ids cycling through ObjectId, int32, string and int64; {@code first} is the first
     * one's ObjectId.
     */
    public static void users(MongoDatabase db, int count, ObjectId first) {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object id = switch (i % 4) {
                case 0 -> i == 0 ? first : new ObjectId();
                case 1 -> i;
                case 2 -> "user-" + i;
                default -> (long) i * 10_000_000_000L;
            };
            batch.add(new Document("_id", id)
                    .append("email", "person" + i + "@realmail.example")
                    .append("name", "Member " + i)
                    .append("address", new Document("city", "Realcity" + i).append("zip", "750" + (i % 10)))
                    .append("phones", List.of("+3361" + String.format("%07d", i), "+3371" + String.format("%07d", i)))
                    .append("contacts", List.of(new Document("email", "friend" + i + "@realmail.example")
                            .append("kind", "friend")))
                    .append("created", Date.from(Instant.parse("2024-03-01T10:15:30.123Z")))
                    .append("balance", new Decimal128(new BigDecimal("1234.50")))
                    .append("avatar", new Binary(new byte[] {1, 2, 3, (byte) i}))
                    .append("ratio", 0.5 + i)
                    .append("active", i % 2 == 0));
            if (batch.size() == 5000) {
                db.getCollection("users").insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            db.getCollection("users").insertMany(batch);
        }
    }

    /** Orders keyed by a compound document id, with Decimal128 totals and item arrays. */
    public static void orders(MongoDatabase db, int count) {
        List<Document> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(new Document("_id", new Document("shop", "s" + (i % 3)).append("n", i))
                    .append("total", new Decimal128(new BigDecimal(i + ".99")))
                    .append("items", List.of(new Document("sku", "A" + i).append("qty", i))));
        }
        db.getCollection("orders").insertMany(orders);
    }
}
