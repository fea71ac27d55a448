package io.stagingsync.init;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.piiscan.PiiScanStage;
import io.stagingsync.plan.PlanStage;
import io.stagingsync.plan.RuleSqlCheck;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.AnonymizationRules;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.PiiScanRules;
import io.stagingsync.settings.RulesFileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code init} after the plan: rules drafted from the archive's scan, written (never over a file), checked as plan does. */
public final class InitStage {

    private final SyncSettings settings;
    private final MaskingSettings masking;

    private static final Logger LOG = LoggerFactory.getLogger(InitStage.class);

    private final PlanStage planStage;
    private final RuleSqlCheck ruleSqlCheck;
    private final PiiScanStage piiScan;

    public InitStage(SyncSettings settings, MaskingSettings masking, PlanStage planStage, RuleSqlCheck ruleSqlCheck, PiiScanStage piiScan) {
        this.settings = settings;
        this.masking = masking;
        this.planStage = planStage;
        this.ruleSqlCheck = ruleSqlCheck;
        this.piiScan = piiScan;
    }

    /**
     * The preflight's rules-file check for {@code init}: the file to write must not exist and its folder must; until
     * it is written the run plans with no rule, so that the scan reports every personal-looking column.
     */
    public static String claim(SyncRun run, Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException(absolute + " already exists: init never overwrites a rules file; move it "
                    + "aside, or set SYNC_ANONYMIZATION_FILE to the path of the file to write");
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new RefusedException("init cannot write " + absolute + ": its folder does not exist or is not "
                    + "writable; create it, or set SYNC_ANONYMIZATION_FILE to a path in a writable folder");
        }
        run.rules(new AnonymizationRules(file, "(not written yet)", List.of(), List.of(), PiiScanRules.warnOnly()));
        return absolute + " does not exist yet: init writes it";
    }

    /** The rules answering the archive scan's findings. */
    public RulesDraft draft(SyncRun run) {
        List<TocEntry> entries = run.backup().archive().entries();
        ArchiveColumns archive = new ArchiveColumns(entries);
        RuleNames names = new RuleNames(entries.stream().filter(e -> "TABLE".equals(e.desc()))
                .map(e -> new QualifiedName(e.namespace(), e.tag())).toList());
        FindingSuggestions suggestions = FindingSuggestions.of(run.getPlan().loads(), run.results().piiFindings(), archive);
        String source = run.backup().info() != null && run.backup().info().name() != null
                ? "the backup " + run.backup().info().name() + (run.backup().info().createdAt() == null ? ""
                        : " (" + run.backup().info().createdAt() + ")")
                : settings.source().describe();
        return new RulesDrafter(archive, names, masking).draft(source, suggestions);
    }

    /** Writes the draft; a file that appeared since the preflight is left alone. */
    public Path write(SyncRun run, RulesDraft draft) {
        Path file = settings.rulesFile();
        try {
            Files.writeString(file, RulesFileText.render(draft), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new RefusedException(file.toAbsolutePath() + " appeared while init ran: it was left as it is; move "
                    + "it aside and run init again");
        } catch (IOException e) {
            throw new SyncFailure("init could not write " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        LOG.info("init wrote {}: {} tables masked, {} excluded, {} allowed", file.toAbsolutePath(),
                draft.tables().size(), draft.excluded().size(), draft.allowed().size());
        return file;
    }

    /** The written file through the plan's own checks: its parser, the rules' SQL, and the archive's PII scan. */
    public void check(SyncRun run, Path file) {
        try {
            run.rules(new RulesFileParser().parse(file));
            run.results().clearPiiFindings();
            planStage.plan(run);
            ruleSqlCheck.check(run);
            piiScan.scanArchive(run);
        } catch (RefusedException e) {
            throw new SyncFailure(file.toAbsolutePath() + " was written for review, but `plan` refuses it as it is: "
                    + String.join("; ", e.problems()) + " (fix these entries, then run `plan`)");
        }
        run.results().note("init wrote " + file.toAbsolutePath() + ": " + run.rules().tables().size() + " table(s) masked, "
                + run.rules().excludedTables().size() + " excluded, " + run.rules().piiScan().allow().size()
                + " column(s) allowed; `plan` accepts it and its scan finds nothing left. Review it (every entry says "
                + "why), then `plan` and `run`");
    }
}
