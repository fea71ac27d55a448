package io.stagingsync.piiscan;

import io.stagingsync.anonymize.CopyBlock;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.restore.PgProcess;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.run.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The first rows of a table's data in the dump, read with pg_restore before anything is restored. */
final class ArchiveSampler implements Sampler {

    private final PgRestore pgRestore;
    private final SyncRun run;

    ArchiveSampler(PgRestore pgRestore, SyncRun run) {
        this.pgRestore = pgRestore;
        this.run = run;
    }

    @Override
    public Map<String, List<String>> sample(TableLoad load, List<String> columns, int rows) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        columns.forEach(c -> values.put(c, new ArrayList<>()));
        PgProcess source = pgRestore.openTableData(run, load.data());
        try {
            CopyBlock block = new CopyBlock(source.stdout());
            block.readHeader();
            BufferedReader in = new BufferedReader(new InputStreamReader(block.rowStream(), charset(block.encoding())));
            String line;
            for (int n = 0; n < rows && (line = in.readLine()) != null; n++) {
                List<String> fields = CopyText.fields(line);
                for (int i = 0; i < fields.size() && i < load.columns().size(); i++) {
                    List<String> column = values.get(load.columns().get(i));
                    if (column != null && fields.get(i) != null) {
                        column.add(fields.get(i));
                    }
                }
            }
        } catch (IOException e) {
            throw new SyncFailure("sampling " + load.displayName() + " from the dump for the PII scan failed: "
                    + e.getMessage());
        } finally {
            // only the first rows are wanted: the rest of the table is not read
            source.destroy();
        }
        return values;
    }

    private static Charset charset(String encoding) {
        return switch (encoding.toUpperCase()) {
            case "LATIN1" -> StandardCharsets.ISO_8859_1;
            case "SQL_ASCII" -> StandardCharsets.US_ASCII;
            default -> StandardCharsets.UTF_8;
        };
    }
}
