package io.stagingsync.settings;

import java.nio.file.Path;

/** Where the data comes from: {@code scalingo}, {@code file:/path} (or a bare path), a live {@code postgres://} database or a {@code mongodb://} one. */
public record SourceSpec(Kind kind, String location) {

    /** The kinds of source {@code SYNC_SOURCE} can name. */
    public enum Kind { SCALINGO, FILE, POSTGRES, MONGODB }

    public static SourceSpec parse(String raw) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty() || value.equalsIgnoreCase("scalingo")) {
            return new SourceSpec(Kind.SCALINGO, "scalingo");
        }
        if (value.startsWith("file:")) {
            String path = value.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isBlank()) {
                throw new IllegalArgumentException("SYNC_SOURCE=file: names no file: use file:/path/to/backup.tar.gz");
            }
            return new SourceSpec(Kind.FILE, path);
        }
        if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
            return new SourceSpec(Kind.POSTGRES, value);
        }
        if (value.startsWith("mongodb://") || value.startsWith("mongodb+srv://")) {
            return new SourceSpec(Kind.MONGODB, value);
        }
        if (value.startsWith("/") || value.startsWith("./") || value.startsWith("../")
                || value.matches(".*\\.(tar\\.gz|tgz|tar|pgsql|dump)$")) {
            return new SourceSpec(Kind.FILE, value);
        }
        throw new IllegalArgumentException("SYNC_SOURCE=" + TargetDatabase.redact(value)
                + " is not understood: use scalingo (the newest backup of SYNC_SOURCE_APP), a backup file such as "
                + "file:/backups/20261121_my-app.tar.gz (or a .pgsql/.dump file), a live database postgres://user@host:5432/db, "
                + "or a MongoDB database mongodb://user@host:27017/db");
    }

    /** A source read document by document, not through a pg_dump archive: the stages consult this. */
    public boolean isDocuments() {
        return kind == Kind.MONGODB;
    }

    public Path path() {
        return Path.of(location);
    }

    /** A form safe to print: a live source URL loses its password. */
    public String describe() {
        return kind == Kind.POSTGRES || kind == Kind.MONGODB ? TargetDatabase.redact(location) : kind == Kind.FILE ? "file:" + location : location;
    }
}
