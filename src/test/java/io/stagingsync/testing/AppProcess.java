package io.stagingsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real command line in its own JVM, configured by environment variables only, its output captured whole. */
public final class AppProcess {

    /** Exit code and everything the process printed (stdout and stderr: all its log lines). */
    public record Result(int exit, String output) {
    }

    private AppProcess() {
    }

    /**
     * Runs {@code java io.stagingsync.App args} in {@code workingDirectory}, with this machine's settings variables
     * removed, work and report directories under {@code scratch}, and {@code env} added.
     */
    public static Result run(Path workingDirectory, Path scratch, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Process p = builder(workingDirectory, scratch, env, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the application did not exit within 3 minutes:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** Starts the application as {@link #run} does, without waiting; its output goes to {@code output}. */
    public static Process start(Path workingDirectory, Path scratch, Map<String, String> env, Path output,
                                String... args) throws IOException {
        return builder(workingDirectory, scratch, env, args).redirectOutput(output.toFile()).start();
    }

    private static ProcessBuilder builder(Path workingDirectory, Path scratch, Map<String, String> env, String... args) {
        List<String> cmd = ChildJvm.command("io.stagingsync.App");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(workingDirectory.toFile());
        ChildJvm.withoutThisMachinesSettings(pb);
        pb.environment().put("SYNC_WORK_DIR", scratch.resolve("work").toString());
        pb.environment().put("SYNC_REPORT_DIR", scratch.resolve("reports").toString());
        pb.environment().putAll(env);
        return pb;
    }
}
