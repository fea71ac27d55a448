package io.stagingsync.settings;

import com.mongodb.ConnectionString;
import io.stagingsync.secrets.Redactor;
import java.util.Arrays;
import java.util.List;

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
    static MongoSourceSettings load(SourceSpec source, boolean allowInsecure, SettingValues v) {
        ConnectionString uri;
        try {
            uri = new ConnectionString(source.location());
        } catch (IllegalArgumentException e) {
            v.problem("SYNC_SOURCE=" + TargetDatabase.redact(source.location()) + " is not a MongoDB connection "
                    + "string: " + Redactor.apply(e.getMessage()));
            return null;
        }
        if (uri.getPassword() != null) {
            Redactor.register(new String(uri.getPassword()));
        }
        String database = uri.getDatabase();
        if (database == null || database.isBlank()) {
            v.problem("SYNC_SOURCE names no database: add it after the hosts, e.g. mongodb://user@host:27017/app_db"
                    + "?authSource=admin");
        }
        boolean tls = Boolean.TRUE.equals(uri.getSslEnabled()) || source.location().startsWith("mongodb+srv://")
                && uri.getSslEnabled() == null;
        boolean local = uri.getHosts().stream().allMatch(h -> Hosts.isLoopback(h.replaceFirst(":\\d+$", "")));
        if (!local && !tls && !allowInsecure) {
            v.problem("SYNC_SOURCE reads MongoDB " + TargetDatabase.redact(source.location()) + " without TLS: add "
                    + "?tls=true to the URL (mongodb+srv:// has it by default), or set SYNC_SOURCE_ALLOW_INSECURE=true "
                    + "if the network is trusted");
        }
        String list = v.text("sync.mongodb.collections");
        List<String> collections = list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(c -> !c.isEmpty()).distinct().toList();
        String prefix = v.text("sync.mongodb.table-prefix", "mongo_");
        if (!prefix.matches("[a-z0-9_]*")) {
            v.problem("SYNC_MONGODB_TABLE_PREFIX=" + prefix + " may hold only lower-case letters, digits and '_'");
        }
        int batch = v.number("sync.mongodb.batch-size", 1000, 1, 100_000);
        int sample = v.number("sync.mongodb.sample-documents", 200, 1, 100_000);
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
}
