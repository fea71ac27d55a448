package io.stagingsync.source.mongodb;

import io.stagingsync.settings.SyncSettings;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.stagingsync.plan.DidYouMean;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.MongoSourceSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.Registry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mongodb://} source: connected in the preflight (auth, TLS, the collections and their counts), then
 * inspected for the plan (a sample of each collection). Its client is what the routes' mongodb endpoints read
 * through (registry name {@value #CLIENT_BEAN}); it is closed when the run ends. Read-only on the source.
 */
public final class MongoSource {

    private final SyncSettings settings;

    public static final String CLIENT_BEAN = "mongoSourceClient";
    private static final Logger LOG = LoggerFactory.getLogger(MongoSource.class);

    private final Registry registry;

    public MongoSource(SyncSettings settings, Registry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** The preflight's line: the server answers, the credentials work, the configured collections exist. */
    public String check(SyncRun run) {
        MongoSourceSettings mongo = settings.mongo();
        MongoClient client = connect(run, mongo);
        try {
            MongoDatabase db = client.getDatabase(mongo.database());
            Document build = db.runCommand(new Document("buildInfo", 1));
            List<String> names = collections(db);
            List<String> unknown = mongo.collections().stream().filter(c -> !names.contains(c)).toList();
            if (!unknown.isEmpty()) {
                throw new RefusedException("SYNC_MONGODB_COLLECTIONS names collections " + mongo + " does not have: "
                        + unknown + DidYouMean.suggest(unknown.get(0), names) + " (it has " + names + ")");
            }
            run.backup().sourceHost(mongo.uri().getHosts().get(0).replaceFirst(":\\d+$", ""));
            // the server's estimate (collection metadata): exact counts are the plan's, which reads more
            List<String> counted = selected(mongo, names).stream()
                    .map(n -> n + " (~" + db.getCollection(n).estimatedDocumentCount() + ")").toList();
            return mongo + ": MongoDB " + build.getString("version") + ", collections to copy: "
                    + String.join(", ", counted);
        } catch (MongoSecurityException e) {
            throw new RefusedException("SYNC_SOURCE: " + mongo + " refused the credentials (" + e.getMessage()
                    + "): fix the user, password or authSource in the URL");
        } catch (MongoException e) {
            throw new SyncFailure("the MongoDB source " + mongo + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** The fetch stage: each collection counted and sampled; nothing is copied yet. */
    public void inspect(SyncRun run) {
        MongoSourceSettings mongo = settings.mongo();
        MongoDatabase db = client().getDatabase(mongo.database());
        List<CollectionCopy> copies = new ArrayList<>();
        long total = 0;
        try {
            for (String name : selected(mongo, collections(db))) {
                long count = db.getCollection(name).countDocuments();
                List<String> samples = new ArrayList<>();
                db.getCollection(name).find().limit(mongo.sampleSize()).forEach(d -> samples.add(DocumentJson.json(d)));
                copies.add(new CollectionCopy(name, mongo.tableFor(name), count, null, List.of(), false, samples));
                total += count;
            }
        } catch (MongoException e) {
            throw new SyncFailure("inspecting " + mongo + " failed: " + e.getMessage(), e);
        }
        copies.sort(Comparator.comparingLong(CollectionCopy::sourceCount).reversed());
        run.documents(new DocumentPlan(mongo.database(), copies));
        run.backup().info(new RunBackup.Info(null, mongo.database(), Instant.now(), RunBackup.Info.UNKNOWN_SIZE,
                "mongodb:" + mongo));
        LOG.info("{}: {} collections, {} documents", mongo, copies.size(), total);
    }

    /** The client the routes read through; fails when the preflight did not connect. */
    /** Documents per cursor batch (SYNC_MONGODB_BATCH_SIZE): what bounds the memory a collection's read takes. */
    public int batchSize() {
        return settings.mongo().batchSize();
    }

    /** The database read. */
    public String database() {
        return settings.mongo().database();
    }

    public MongoClient client() {
        MongoClient client = registry.lookupByNameAndType(CLIENT_BEAN, MongoClient.class);
        if (client == null) {
            throw new SyncFailure("the MongoDB source is not connected: the preflight did not run");
        }
        return client;
    }

    private MongoClient connect(SyncRun run, MongoSourceSettings mongo) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(mongo.uri())
                .applyToClusterSettings(b -> b.serverSelectionTimeout(
                        Math.min(30, settings.lockTimeout().toSeconds()), TimeUnit.SECONDS))
                .build());
        registry.bind(CLIENT_BEAN, MongoClient.class, client);
        run.control().hold(() -> {
            registry.unbind(CLIENT_BEAN);
            client.close();
        });
        return client;
    }

    private static List<String> collections(MongoDatabase db) {
        List<String> names = new ArrayList<>();
        db.listCollectionNames().forEach(n -> {
            if (!n.startsWith("system.")) {
                names.add(n);
            }
        });
        names.sort(null);
        return names;
    }

    private static List<String> selected(MongoSourceSettings mongo, List<String> names) {
        return mongo.collections().isEmpty() ? names : mongo.collections();
    }
}
