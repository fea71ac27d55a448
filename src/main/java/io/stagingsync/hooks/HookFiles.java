package io.stagingsync.hooks;

import io.stagingsync.failure.RefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The post-sync SQL files named by SYNC_HOOKS, checked by every run before anything is downloaded. */
public final class HookFiles {

    static final long MAX_BYTES = 10L * 1024 * 1024;

    private HookFiles() {
    }

    /** The files in the order given; refuses a missing, unreadable, empty or huge one. */
    public static List<Path> check(List<Path> hooks) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : hooks) {
            try {
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    problems.add("the hook " + file.toAbsolutePath() + " is not a readable file: fix SYNC_HOOKS");
                } else if (Files.size(file) == 0 || Files.size(file) > MAX_BYTES) {
                    problems.add("the hook " + file + " is empty or larger than 10 MiB: is it the right file?");
                } else {
                    files.add(file);
                }
            } catch (java.io.IOException e) {
                problems.add("the hook " + file + " cannot be read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return List.copyOf(files);
    }
}
