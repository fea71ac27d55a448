package io.stagingsync.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings of an in-process `serve` whose runs the test starts itself: its schedule never fires. */
public final class ServeSettings {

    private ServeSettings() {
    }

    /** The sample backup into {@code targetUrl}; reports, history and work files under {@code reports}. */
    public static Map<String, String> of(String targetUrl, Path reports) {
        Map<String, String> s = new HashMap<>();
        s.put("database.url", targetUrl);
        s.put("sync.source", "file:" + SampleDatabase.get().archive());
        s.put("sync.report-dir", reports.toString());
        s.put("sync.work-dir", reports.resolve("work").toString());
        s.put("sync.cron", "0 0 4 1 1 ? 2099");
        return s;
    }
}
