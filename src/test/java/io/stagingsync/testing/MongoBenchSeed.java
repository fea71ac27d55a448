package io.stagingsync.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Fills a collection with {@code count} user-like documents of about {@code bytes} bytes each (nested address,
 * phone array, a text field making up the size): the large collections of the memory test and the benchmark.
 * Usage: {@code MongoBenchSeed <mongodb-url-with-database> <collection> <count> <bytes>}.
 */
public final class MongoBenchSeed {

    private MongoBenchSeed() {
    }

    public static void main(String[] args) {
        try (MongoClient client = MongoClients.create(args[0])) {
            String database = new com.mongodb.ConnectionString(args[0]).getDatabase();
            fill(client.getDatabase(database).getCollection(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }

    public static void fill(MongoCollection<Document> collection, int count, int bytes) {
        String text = "lorem ipsum dolor sit amet ".repeat(Math.max(1, bytes / 27));
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new Document("_id", i)
                    .append("email", "person" + i + "@realmail.example")
                    .append("address", new Document("city", "Realcity" + i).append("zip", "75001"))
                    .append("phones", List.of("+3361" + String.format("%07d", i % 10_000_000)))
                    .append("score", i * 0.5)
                    .append("notes", text));
            if (batch.size() == 5000) {
                collection.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            collection.insertMany(batch);
        }
    }
}
