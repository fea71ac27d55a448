package io.stagingsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.secrets.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A run as a row of the shared history table and back: the same summary and report JSON as the history files. */
public final class HistoryRows {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRows.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ReportWriter reports;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper();

    public HistoryRows(ReportWriter reports, int keep) {
        this.reports = reports;
        this.keep = Math.max(1, keep);
    }

    /** The named parameters of the insert and of the pruning that follows it: id, summary, report, keep. */
    public Map<String, Object> row(SyncRun run) throws JsonProcessingException {
        Map<String, Object> entry = RunHistory.entry(run, reports);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", run.getId());
        row.put("summary", Redactor.apply(json.writeValueAsString(entry.get("summary"))));
        Object report = entry.get("report");
        row.put("report", report == null ? null : Redactor.apply(json.writeValueAsString(report)));
        row.put("keep", keep);
        return row;
    }

    /** The summaries of the selected rows, in their order; an unreadable one is skipped, as an unreadable file is. */
    public List<Map<String, Object>> summaries(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> summary = parse(row, "summary");
            if (summary != null) {
                out.add(summary);
            }
        }
        return out;
    }

    /** The entry ({@code summary}, {@code report}) of the one selected row; null when there is none. */
    public Map<String, Object> entry(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> summary = parse(rows.get(0), "summary");
        if (summary == null) {
            return null;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("summary", summary);
        entry.put("report", parse(rows.get(0), "report"));
        return entry;
    }

    private Map<String, Object> parse(Map<String, Object> row, String column) {
        Object text = row.get(column);
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text.toString(), MAP);
        } catch (JsonProcessingException e) {
            LOG.warn("history row {} has an unreadable {} and is skipped: {}", row.get("id"), column,
                    e.getOriginalMessage());
            return null;
        }
    }
}
