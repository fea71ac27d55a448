package io.stagingsync.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The java command line of the application's own JVMs in the tests (the command line, `serve`). Most of such a JVM's
 * CPU goes to starting it, and the tests start dozens on a small machine: its JIT stops at C1, and the classes it
 * loads come from a class-data archive made once per test JVM by a throw-away run. The application runs from a jar
 * of target/classes beside its dependencies' jars, as it does from target/lib in production (the archive takes jars
 * only). Without the archive (its run failed), the command is the same without it.
 */
public final class ChildJvm {

    private static final List<String> FLAGS = List.of(
            // a short-lived JVM spends more CPU on C2 compiling than the compiled code ever saves it
            "-XX:TieredStopAtLevel=1",
            // an archive that cannot be used is skipped silently, as if absent: it never changes a test's output
            "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private static List<String> prefix;

    private ChildJvm() {
    }

    /** {@code java <flags> -cp <the application> mainClass}, ready for the arguments. */
    public static synchronized List<String> command(String mainClass) {
        if (prefix == null) {
            prefix = prepare();
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(mainClass);
        return cmd;
    }

    /** Removes the settings variables of the machine running the tests: the child sees only what the test sets. */
    public static void withoutThisMachinesSettings(ProcessBuilder pb) {
        pb.environment().keySet().removeIf(k -> k.startsWith("SYNC_") || k.startsWith("SCALINGO_")
                || k.equals("DATABASE_URL") || k.equals("DRY_RUN"));
    }

    private static List<String> prepare() {
        Path dir = Path.of("target", "child-jvm", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete-child-jvm-files"));
            String classpath = jarOf(Path.of("target", "classes"), dir.resolve("staging-sync-classes.jar"))
                    + File.pathSeparator + dependencyJars();
            List<String> base = new ArrayList<>(signalsRestored());
            base.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            base.addAll(FLAGS);
            base.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
            Path archive = dir.resolve("classes.jsa");
            if (archive(classpath, archive)) {
                base.add("-XX:SharedArchiveFile=" + archive);
            }
            base.addAll(List.of("-cp", classpath));
            return List.copyOf(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A build started in the background of a script ignores SIGINT, and a child would inherit that and never see the
     * signal a test sends it: coreutils' env gives the child the default handling back.
     */
    private static List<String> signalsRestored() {
        List<String> env = List.of("env", "--default-signal=INT,TERM");
        try {
            Process probe = new ProcessBuilder(concat(env, List.of("true"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0 ? env : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // target/ is the build's: what is left goes with the next clean
        }
    }

    /** The jars of this JVM's class path: the application's dependencies, and the tests' (unused, harmless). */
    private static String dependencyJars() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry)))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("surefire"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElse("");
    }

    private static String jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar.toString();
    }

    /**
     * Runs the application once with the archive written at its exit: a `check` whose target does not answer loads
     * what every command loads (settings, Camel, the routes, the JDBC driver). Whether the archive was written.
     */
    private static boolean archive(String classpath, Path archive) {
        Path written = archive.resolveSibling("classes.jsa.tmp");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + written, "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", classpath, "io.stagingsync.App", "check"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(archive.resolveSibling("archive-run.log").toFile());
        withoutThisMachinesSettings(pb);
        pb.environment().put("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere");
        pb.environment().put("SYNC_SOURCE", "file:" + archive.resolveSibling("no-backup.tar.gz"));
        pb.environment().put("SYNC_WORK_DIR", archive.resolveSibling("work").toString());
        pb.environment().put("SYNC_REPORT_DIR", archive.resolveSibling("reports").toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            if (!Files.isRegularFile(written)) {
                return false;
            }
            Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
