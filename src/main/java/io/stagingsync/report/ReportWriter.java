package io.stagingsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagingsync.failure.AlreadyRunningException;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.secrets.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the run's proof, report.json and report.txt (plan.json/plan.txt for a plan, restore-test.json/.txt for a
 * restore test), free of secrets.
 */
public final class ReportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    /** @param dir where the files are written (SYNC_REPORT_DIR) */
    public ReportWriter(Path dir) {
        this.dir = dir;
    }

    /**
     * Never throws: a verified copy must not be rolled back because its report could not be written. The run
     * then exits non-zero, and neither file of an older report is left behind to be mistaken for this run's.
     */
    public void write(SyncRun run) {
        if (run.getCommand() == Command.CHECK) {
            return;
        }
        if (run.failureCause() instanceof AlreadyRunningException) {
            // the report folder belongs to the run in progress
            LOG.info("no report written: another sync of the target is running");
            return;
        }
        // a plan or a restore test never replaces the last sync's report
        String name = run.isPlanOnly() ? "plan" : run.isRestoreTest() ? "restore-test" : "report";
        Path json = dir.resolve(name + ".json");
        Path text = dir.resolve(name + ".txt");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(json);
            Files.deleteIfExists(text);
            // both written aside first, then moved in: a reader finds both files of this run, or none
            Path jsonPartial = partial(json, Redactor.apply(this.json.writeValueAsString(toMap(run))));
            Path textPartial = partial(text, Redactor.apply(ReportText.render(run)));
            Files.move(jsonPartial, json, StandardCopyOption.ATOMIC_MOVE);
            Files.move(textPartial, text, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("{} written to {}", name, json.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            run.reportFailed(dir.toAbsolutePath() + ": " + e);
            LOG.error("the {} could not be written to {}: {}", name, dir.toAbsolutePath(), e.toString());
            for (Path leftover : List.of(json, text, partialOf(json), partialOf(text))) {
                try {
                    Files.deleteIfExists(leftover);
                } catch (IOException ignored) {
                    // a folder that refuses deletions: the exit code still says the report is missing
                }
            }
        }
    }

    private static Path partial(Path file, String content) throws IOException {
        return Files.writeString(partialOf(file), content);
    }

    private static Path partialOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /** report.json's content. */
    public Map<String, Object> toMap(SyncRun run) {
        return ReportJson.of(run);
    }
}
