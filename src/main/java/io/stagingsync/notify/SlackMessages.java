package io.stagingsync.notify;

import io.stagingsync.settings.SyncSettings;
import com.slack.api.model.Message;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.report.ReportWriter;
import io.stagingsync.run.Command;
import io.stagingsync.run.NeonBranch;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.secrets.Redactor;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import org.apache.camel.ExchangeProperty;

/** The Slack messages of a sync (start, stages, outcome) in Block Kit, in French or English. */
public final class SlackMessages {

    private final SyncSettings settings;

    private static final int MAX_ERROR = 600;
    private static final int MAX_NAMES = 12;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final boolean enabled;
    private final ResourceBundle texts;
    private final String language;
    private final String region;
    private final ReportWriter reports;

    /**
     * @param enabled  a webhook URL is configured
     * @param language fr or en (anything else falls back to fr, the gem's language)
     * @param region   Scalingo region of the staging app, for its URL
     */
    public SlackMessages(SyncSettings settings, boolean enabled, String language, String region, ReportWriter reports) {
        this.settings = settings;
        this.enabled = enabled;
        this.texts = ResourceBundle.getBundle("io.stagingsync.notify.slack",
                Locale.forLanguageTag("en".equalsIgnoreCase(language.trim()) ? "en" : "fr"),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.language = "en".equalsIgnoreCase(language.trim()) ? "en" : "fr";
        this.region = region.isBlank() ? "osc-fr1" : region.trim();
        this.reports = reports;
    }

    /** Only full syncs are announced: a check or a plan changes nothing anyone must hear about. */
    private boolean announced(SyncRun run) {
        // a target's own run of SYNC_TARGETS says nothing: its run sums every target up in one message
        return enabled && run != null && run.parent() == null && run.getCommand() == Command.RUN && !run.isPlanOnly();
    }

    /**
     * A stage operators follow (download, restore, anonymize, verify); the other stages say nothing. The download
     * opens the sync, so its message is the start message.
     */
    public Message stage(@ExchangeProperty("run") SyncRun run,
                         @ExchangeProperty("CamelInterceptedEndpoint") String endpoint) {
        String stage = endpoint == null ? "" : endpoint.replaceFirst("^direct:(//)?", "");
        if (!announced(run) || !texts.containsKey("stage." + stage)) {
            return null;
        }
        String line = text("stage." + stage);
        if (stage.equals("fetch-backup")) {
            return message(text("start.title"), List.of(header(text("start.title")),
                    section(text("start.body", target(run), settings.source().describe())),
                    section(line), footer(run)));
        }
        return message(line, List.of(section(line), footer(run)));
    }

    public Message outcome(@ExchangeProperty("run") SyncRun run) {
        if (!announced(run) || run.status() == SyncRun.Status.RUNNING) {
            return null;
        }
        return run.status() == SyncRun.Status.SUCCESS ? success(run) : failure(run);
    }

    private Message success(SyncRun run) {
        long maskedRows = 0;
        int maskedTables = 0;
        long survivors = 0;
        for (TableResult table : run.results().tables().values()) {
            if (!table.maskedColumns().isEmpty()) {
                maskedRows += table.rows();
                maskedTables++;
                survivors += table.totalSurvivors();
            }
        }
        List<TextObject> fields = new ArrayList<>(List.of(
                markdown(text("success.duration", duration(run))),
                markdown(text("success.target", target(run))),
                markdown(text("success.source", settings.source().describe())),
                markdown(text("success.backup", run.backup().info() == null || run.backup().info().createdAt() == null
                        ? text("unknown") : DAY.format(run.backup().info().createdAt()))),
                markdown(text("success.masked", maskedRows, maskedTables, maskedNames(run))),
                markdown(survivors == 0 ? text("leak.none") : text("leak.some", survivors)),
                markdown(piiScan(run))));
        List<LayoutBlock> blocks = new ArrayList<>(List.of(header(text("success.title")),
                SectionBlock.builder().fields(fields).build()));
        targets(run).ifPresent(blocks::add);
        String app = settings.app();
        if (!app.isBlank()) {
            blocks.add(section(text("success.url", "https://" + app + "." + region + ".scalingo.io")));
        }
        blocks.add(footer(run));
        return message(text("success.title"), blocks);
    }

    private Message failure(SyncRun run) {
        String title = text(switch (run.status()) {
            case REFUSED -> "refused.title";
            case CANCELLED -> "cancelled.title";
            default -> "failure.title";
        });
        List<TextObject> fields = new ArrayList<>();
        if (run.failedStage() != null) {
            fields.add(markdown(text("failure.stage", run.failedStage())));
        }
        if (run.cancelledBy() != null) {
            fields.add(markdown(text("cancelled.by", "operator".equals(run.cancelledBy())
                    ? text("cancelled.by-operator") : run.cancelledBy())));
        }
        if (!run.isSeveralTargets()) {
            fields.add(markdown(text("failure.target", text("target." + run.targetState().name().toLowerCase()))));
        }
        List<LayoutBlock> blocks = new ArrayList<>(List.of(header(title),
                section(text("failure.error", redact(run.error())))));
        if (!fields.isEmpty()) {
            blocks.add(SectionBlock.builder().fields(fields).build());
        }
        targets(run).ifPresent(blocks::add);
        String app = settings == null ? "" : settings.app();
        blocks.add(section(app.isBlank() ? text("failure.logs-here")
                : text("failure.logs") + "\n```scalingo --region " + region + " -a " + app + " logs --lines 500```"));
        blocks.add(footer(run));
        return message(title + ": " + redact(run.error()), blocks);
    }

    /** The masked tables as the rules file's labels name them in the message's language, else by table name. */
    private String maskedNames(SyncRun run) {
        Set<String> names = new LinkedHashSet<>();
        if (run.getPlan() != null) {
            for (TableLoad load : run.getPlan().maskedLoads()) {
                if (run.results().tables().containsKey(load.displayName())) {
                    String label = load.rule().label().get(language);
                    names.add(label == null || label.isBlank() ? load.ruleTable() : label);
                }
            }
        }
        List<String> shown = names.stream().sorted().limit(MAX_NAMES).toList();
        return String.join(", ", shown) + (names.size() > MAX_NAMES ? ", …" : "");
    }

    private String piiScan(SyncRun run) {
        // read from the report, whose pii_scan section is the contract (DESIGN §4)
        Object scan = reports.toMap(run).get("pii_scan");
        if (scan instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("performed"))) {
            long unreviewed = map.get("unreviewed") instanceof Number n ? n.longValue() : 0;
            return unreviewed == 0 ? text("pii.none") : text("pii.some", unreviewed);
        }
        return text("pii.skipped");
    }

    private String target(SyncRun run) {
        if (run.isSeveralTargets()) {
            return String.join(", ", run.getTargetRuns().stream().map(t -> t.target().name()).toList());
        }
        String app = settings.app();
        NeonBranch neon = run.target().neonBranch();
        if (neon != null) {
            String branch = neon.describe() + (neon.replaced() == null ? "" : " → " + neon.replaced());
            return app.isBlank() ? branch : app + ", " + branch;
        }
        return !app.isBlank() ? app : settings.target() != null ? settings.target().toString() : "a new Neon branch";
    }

    /** Several targets (SYNC_TARGETS): a line for each, what it holds now and, when it failed, why. */
    private java.util.Optional<LayoutBlock> targets(SyncRun run) {
        if (!run.isSeveralTargets()) {
            return java.util.Optional.empty();
        }
        List<SyncRun> targets = run.getTargetRuns();
        StringBuilder lines = new StringBuilder(text("targets.title",
                targets.stream().filter(t -> t.status() == SyncRun.Status.SUCCESS).count(), targets.size()));
        for (SyncRun t : targets) {
            String state = text("target." + t.targetState().name().toLowerCase());
            lines.append('\n').append(t.status() == SyncRun.Status.SUCCESS ? text("targets.ok", t.target().name(), state)
                    : text("targets.failed", t.target().name(), t.status().name().toLowerCase(),
                    t.failedStage() == null ? "" : " (" + t.failedStage() + ")", state + ": " + redact(t.error())));
        }
        return java.util.Optional.of(section(lines.toString()));
    }

    private String duration(SyncRun run) {
        Instant end = run.finishedAt() == null ? Instant.now() : run.finishedAt();
        long seconds = Duration.between(run.startedAt(), end).toSeconds();
        return text("duration", seconds / 60, seconds % 60);
    }

    /** Errors are written secret-free; this is the second lock: no URL credentials, no endless text. */
    static String redact(String error) {
        if (error == null) {
            return "";
        }
        String clean = Redactor.apply(error);
        return clean.length() > MAX_ERROR ? clean.substring(0, MAX_ERROR) + "…" : clean;
    }

    private String text(String key, Object... args) {
        return new MessageFormat(texts.getString(key), texts.getLocale()).format(args);
    }

    private static Message message(String fallback, List<LayoutBlock> blocks) {
        Message message = new Message();
        // the notification text phones and screen readers show
        message.setText(fallback);
        message.setBlocks(blocks);
        return message;
    }

    private static LayoutBlock header(String text) {
        return HeaderBlock.builder().text(PlainTextObject.builder().text(text).emoji(true).build()).build();
    }

    private static LayoutBlock section(String markdown) {
        return SectionBlock.builder().text(markdown(markdown)).build();
    }

    private ContextBlock footer(SyncRun run) {
        return ContextBlock.builder().elements(List.of(markdown(text("run", "`" + run.getId() + "`")))).build();
    }

    private static MarkdownTextObject markdown(String text) {
        return MarkdownTextObject.builder().text(text).build();
    }
}
