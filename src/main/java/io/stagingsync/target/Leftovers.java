package io.stagingsync.target;

import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.SyncSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a killed run left behind (work files, a swap's {@code <db>_next} or a copy still marked restoring, a closed
 * live database), found and cleaned by the next run once it holds the target's lock, so never while another run
 * still uses them. A lock of a killed run needs nothing: the server releases it with the dead connection.
 */
public final class Leftovers {

    private final SyncSettings settings;

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    private static final String MARK = ".in-use";

    private final DatabaseSwap swap;
    private final DatabaseCopies copies;

    public Leftovers(SyncSettings settings, DatabaseSwap swap, DatabaseCopies copies) {
        this.settings = settings;
        this.swap = swap;
        this.copies = copies;
    }

    public void clean(SyncRun run) {
        if (run.isCheckOnly() || run.isPlanOnly()) {
            return;
        }
        List<String> cleaned = new ArrayList<>(workFiles(run));
        if (run.target().ownDatabase()) {
            cleaned.addAll(swap.cleanLeftovers(run));
        }
        if (run.isCopies()) {
            cleaned.addAll(copies.cleanLeftovers(run));
        }
        for (String line : cleaned) {
            LOG.warn("leftover of an interrupted run: {}", line);
            run.results().note("leftover of an interrupted run: " + line);
        }
    }

    private List<String> workFiles(SyncRun run) {
        List<String> cleaned = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(settings.workDir())) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("run-"))
                    .filter(d -> !d.equals(run.workDir())).filter(Leftovers::abandoned).toList()) {
                delete(dir);
                cleaned.add("removed the work files " + dir);
            }
        } catch (IOException e) {
            LOG.warn("the work directory {} could not be read for leftovers: {}", settings.workDir(), e.getMessage());
        }
        return cleaned;
    }

    /**
     * Marks a run's work directory as in use for as long as the returned handle is open (a file lock, which the
     * system drops with a killed process), so that only the directories of dead runs are ever cleaned.
     */
    public static AutoCloseable claim(Path workDir) throws IOException {
        FileChannel channel = FileChannel.open(workDir.resolve(MARK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        return () -> {
            lock.release();
            channel.close();
        };
    }

    /** No live process holds the directory's mark (a plan or a sync of another target may share the folder). */
    private static boolean abandoned(Path dir) {
        try (FileChannel channel = FileChannel.open(dir.resolve(MARK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException heldHere) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot tell whether {} is in use ({}): left alone", dir, e.getMessage());
            return false;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
