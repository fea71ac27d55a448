package io.stagingsync.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The one list of the pipeline's stages, each the {@code direct:} endpoint of its route: the stage timer names
 * the run's stage from it, and a cancelled run stops at the boundary before each {@link #boundary} one.
 */
public enum Stage {
    PREFLIGHT(false),
    FETCH_BACKUP(true),
    UNPACK(true),
    PLAN(true),
    INIT(true),
    // several targets (SYNC_TARGETS): each target's own run of the stages below (routes/58-targets.camel.yaml)
    SYNC_TARGETS(true),
    RESTORE_SCHEMA(true),
    LOAD_DATA(true),
    VERIFY(true),
    RESTORE_POST(true),
    // stops by itself: the hooks are not a boundary, a sync stopped in post-data must not reach them
    HOOKS(false),
    PUBLISH(true),
    // restore-test's checks and cleanup, in place of the publish
    RESTORE_TEST(true),
    // written however the run ended, a cancelled one included
    REPORT(false),
    // a MongoDB source's stages (routes/44-source-mongodb.camel.yaml)
    FETCH_COLLECTIONS(true),
    PLAN_DOCUMENTS(true),
    PREPARE_TABLES(true),
    LOAD_DOCUMENTS(true),
    VERIFY_DOCUMENTS(true),
    PUBLISH_DOCUMENTS(true);

    private final boolean boundary;

    Stage(boolean boundary) {
        this.boundary = boundary;
    }

    /** The stage's name, as its endpoint, the report and the run's progress spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stage an endpoint URI ({@code direct://unpack}, {@code direct:unpack}) starts, if any. */
    public static Optional<Stage> of(String uri) {
        if (uri == null || !uri.startsWith("direct:")) {
            return Optional.empty();
        }
        String name = uri.replaceFirst("^direct:(//)?", "").replaceFirst("\\?.*$", "");
        return Arrays.stream(values()).filter(s -> s.label().equals(name)).findFirst();
    }

    /** Whether a cancelled run stops before the stage {@code uri} starts. */
    public static boolean isBoundary(String uri) {
        return of(uri).map(s -> s.boundary).orElse(false);
    }
}
