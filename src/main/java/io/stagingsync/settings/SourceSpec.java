package io.stagingsync.settings;

import java.nio.file.Path;

/** Where the backup comes from: {@code scalingo}, {@code file:/path} (or a bare path) or a live {@code postgres://} database. */
public record SourceSpec(Kind kind, String location) {

    /** The kinds of source {@code SYNC_SOURCE} can name. */
    public enum Kind { SCALINGO, FILE, POSTGRES }

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
        if (value.startsWith("/") || value.startsWith("./") || value.startsWith("../")
                || value.matches(".*\\.(tar\\.gz|tgz|tar|pgsql|dump)$")) {
            return new SourceSpec(Kind.FILE, value);
        }
        throw new IllegalArgumentException("SYNC_SOURCE=" + TargetDatabase.redact(value)
                + " is not understood: use scalingo (the newest backup of SYNC_SOURCE_APP), a backup file such as "
                + "file:/backups/20261121_my-app.tar.gz (or a .pgsql/.dump file), or a live database postgres://user@host:5432/db");
    }

    public Path path() {
        return Path.of(location);
    }

    /** A form safe to print: a live source URL loses its password. */
    public String describe() {
        return kind == Kind.POSTGRES ? TargetDatabase.redact(location) : kind == Kind.FILE ? "file:" + location : location;
    }
}
