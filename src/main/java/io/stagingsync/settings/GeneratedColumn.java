package io.stagingsync.settings;

/**
 * What a built-in strategy promises about a column it writes, checked on the masked rows before they are committed.
 *
 * @param pattern     PostgreSQL regular expression every non-NULL masked value matches; null when the column is NULL
 * @param derivedFrom SQL the masked value equals (read on the masked row), e.g. {@code md5("email")}; or null
 * @param unique      whether distinct originals give distinct masked values (true for NULL: NULLs never collide)
 */
public record GeneratedColumn(String pattern, String derivedFrom, boolean unique) {

    public boolean alwaysNull() {
        return pattern == null;
    }
}
