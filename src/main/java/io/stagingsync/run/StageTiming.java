package io.stagingsync.run;

/** How long a pipeline stage took and how it ended. */
public record StageTiming(String name, long durationMs, String status) {
}
