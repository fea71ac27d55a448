package io.stagingsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** An empty target database for each test, dropped afterwards: {@code @RegisterExtension FreshTarget target = …}. */
public final class FreshTarget implements BeforeEachCallback, AfterEachCallback {

    private final String prefix;
    private String name;

    public FreshTarget(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        name = PostgresServer.get().createDatabase(prefix);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        PostgresServer.get().dropDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return PostgresServer.get().url(name);
    }

    /** Writes a rules file for the test. */
    public static Path rules(Path dir, String yaml) {
        try {
            return Files.writeString(dir.resolve("rules.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
