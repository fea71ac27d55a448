package io.stagingsync.settings;

import com.mongodb.ConnectionString;
import io.stagingsync.secrets.Redactor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code mongodb://} source: which database and collections, how they are read and named in the target.
 * {@link #toString()} never shows the password.
 *
 * @param collections the collections to copy; empty = every collection of the database
 * @param tablePrefix the target table of collection {@code c} is {@code <tablePrefix>c}
 * @param batchSize   documents per cursor batch: what bounds the memory a collection's read takes
 * @param sampleSize  documents sampled per collection for the plan's path check, the PII scan and the round trip
 */
public record MongoSourceSettings(ConnectionString uri, String database, List<String> collections, String tablePrefix,
                                  int batchSize, int sampleSize) {

    /** Reads the {@code sync.mongodb.*} settings; problems are added to {@code problems}. */
    public static MongoSourceSettings load(SourceSpec source, Function<String, String> value, IntSetting ints,
                                           List<String> problems) {
        ConnectionString uri;
        try {
            uri = new ConnectionString(source.location());
        } catch (IllegalArgumentException e) {
            problems.add("SYNC_SOURCE=" + TargetDatabase.redact(source.location()) + " is not a MongoDB connection "
                    + "string: " + Redactor.apply(e.getMessage()));
            return null;
        }
        if (uri.getPassword() != null) {
            Redactor.register(new String(uri.getPassword()));
        }
        String database = uri.getDatabase();
        if (database == null || database.isBlank()) {
            problems.add("SYNC_SOURCE names no database: add it after the hosts, e.g. mongodb://user@host:27017/app_db"
                    + "?authSource=admin");
        }
        boolean tls = Boolean.TRUE.equals(uri.getSslEnabled()) || source.location().startsWith("mongodb+srv://")
                && uri.getSslEnabled() == null;
        boolean local = uri.getHosts().stream().allMatch(h -> Hosts.isLoopback(h.replaceFirst(":\\d+$", "")));
        String allow = value.apply("sync.source.allow-insecure");
        if (!local && !tls && !"true".equalsIgnoreCase(allow)) {
            problems.add("SYNC_SOURCE reads MongoDB " + TargetDatabase.redact(source.location()) + " without TLS: add "
                    + "?tls=true to the URL (mongodb+srv:// has it by default), or set SYNC_SOURCE_ALLOW_INSECURE=true "
                    + "if the network is trusted");
        }
        String list = value.apply("sync.mongodb.collections");
        List<String> collections = list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(c -> !c.isEmpty()).distinct().toList();
        String prefix = value.apply("sync.mongodb.table-prefix");
        if (!prefix.matches("[a-z0-9_]*")) {
            problems.add("SYNC_MONGODB_TABLE_PREFIX=" + prefix + " may hold only lower-case letters, digits and '_'");
        }
        int batch = ints.get("sync.mongodb.batch-size", "SYNC_MONGODB_BATCH_SIZE", 1000, 1, 100_000);
        int sample = ints.get("sync.mongodb.sample-documents", "SYNC_MONGODB_SAMPLE_DOCUMENTS", 200, 1, 100_000);
        return new MongoSourceSettings(uri, database, collections, prefix, batch, sample);
    }

    /** The target table that holds a collection. */
    public String tableFor(String collection) {
        return tablePrefix + collection;
    }

    /** Hosts and database, never the credentials. */
    @Override
    public String toString() {
        return "mongodb " + String.join(",", uri.getHosts()) + "/" + database;
    }

    /** An integer setting read with its bounds, refusing bad values into the problems list. */
    @FunctionalInterface
    public interface IntSetting {
        int get(String key, String env, int fallback, int min, int max);
    }
}
