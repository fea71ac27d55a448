package io.stagingsync.piiscan;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.archive.PrintableName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.restore.PgProcess;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pass over the archive's data, before anything is restored, by a pg_restore per core: each table's COPY block feeds a
 * reservoir (a random sample of the whole table, not its first rows), each large object's {@code lowrite} chunks
 * are decoded and handed over in overlapping windows: all of it is judged, in bounded memory.
 */
final class ArchiveSampler implements Sampler {

    private final SyncSettings settings;

    /** Bytes of a large object judged at once: bounded memory whatever the object's size. */
    static final int LARGE_OBJECT_BYTES = 1 << 20;
    /** Bytes a window repeats from the one before: a value cut by a window's end is whole in the next. */
    static final int LARGE_OBJECT_OVERLAP = 4096;
    private static final Pattern ENCODING = Pattern.compile("^SET client_encoding = '([^']+)'");
    private static final Pattern LO_OPEN = Pattern.compile("^SELECT pg_catalog\\.lo_open\\('(\\d+)'");
    private static final Pattern LO_WRITE = Pattern.compile("^SELECT pg_catalog\\.lowrite\\(0, E?'\\\\{1,2}x([0-9a-fA-F]*)'");

    private final PgRestore pgRestore;
    private final SyncRun run;

    ArchiveSampler(SyncSettings settings, PgRestore pgRestore, SyncRun run) {
        this.settings = settings;
        this.pgRestore = pgRestore;
        this.run = run;
    }

    @Override
    public void sample(Map<TableLoad, List<String>> columns, int rows, boolean largeObjects, Sink sink) {
        List<TocEntry> entries = new ArrayList<>();
        Map<String, TableLoad> byCopyLine = new HashMap<>();
        columns.keySet().forEach(l -> {
            if (l.data().copyStmt() == null) {
                throw new SyncFailure("the dump holds no COPY statement for " + l.displayName() + "'s data: the PII "
                        + "scan cannot read it (was the dump made by pg_dump 11 or later, in custom format?)");
            }
            entries.add(l.data());
            byCopyLine.put(l.data().copyStmt().strip(), l);
        });
        List<List<TocEntry>> groups = groups(entries, Math.min(Runtime.getRuntime().availableProcessors(),
                run.parallelism() == null ? settings.parallelism() : run.parallelism().jobs()));
        if (largeObjects) {
            run.backup().archive().entries().stream().filter(e -> "BLOBS".equals(e.desc())).forEach(groups.get(0)::add);
        }
        if (groups.get(0).isEmpty()) {
            return;
        }
        // one pg_restore per group, side by side: the scan reads every row before anything is restored
        ExecutorService threads = Executors.newFixedThreadPool(groups.size(), r -> {
            Thread t = new Thread(r, "pii-scan");
            t.setDaemon(true);
            return t;
        });
        List<PgProcess> started = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) {
                List<TocEntry> group = groups.get(i);
                String name = "pii-scan-" + (i + 1);
                done.add(threads.submit(() -> read(group, name, byCopyLine, columns, rows, sink, started)));
            }
            for (Future<?> f : done) {
                await(f);
            }
        } catch (RuntimeException e) {
            // one group failed: the others' pg_restore need not read on
            started.forEach(PgProcess::destroy);
            throw e;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The tables spread over at most {@code count} groups of about equal data, largest first. */
    static List<List<TocEntry>> groups(List<TocEntry> entries, int count) {
        int n = Math.max(1, Math.min(count, entries.size()));
        List<List<TocEntry>> groups = new ArrayList<>();
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
        }
        entries.stream().sorted(Comparator.comparingLong(TocEntry::dataLength).reversed()).forEach(e -> {
            int least = 0;
            for (int i = 1; i < n; i++) {
                least = bytes[i] < bytes[least] ? i : least;
            }
            groups.get(least).add(e);
            bytes[least] += e.dataLength();
        });
        return groups;
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("the PII scan was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new SyncFailure("the PII scan failed: " + e.getCause(), e.getCause());
        }
    }

    private void read(List<TocEntry> entries, String name, Map<String, TableLoad> byCopyLine,
                      Map<TableLoad, List<String>> columns, int rows, Sink sink, List<PgProcess> started) {
        PgProcess source = pgRestore.openData(run, name, entries);
        started.add(source);
        // ISO-8859-1 keeps every byte as one char: lines are split without knowing the dump's encoding yet
        try (InputStream stdout = source.stdout()) {
            ScriptLines in = new ScriptLines(stdout);
            Charset charset = StandardCharsets.UTF_8;
            String line;
            while ((line = in.readLine()) != null) {
                Matcher encoding = ENCODING.matcher(line);
                Matcher open = LO_OPEN.matcher(line);
                if (encoding.find()) {
                    charset = charset(encoding.group(1));
                } else if (line.startsWith("COPY ")) {
                    // a quoted name may hold a newline: the statement ends with its FROM stdin
                    StringBuilder copy = new StringBuilder(line);
                    while (!line.endsWith(" FROM stdin;") && (line = in.readLine()) != null) {
                        copy.append('\n').append(line);
                    }
                    line = copy.toString();
                    TableLoad load = byCopyLine.get(new String(line.getBytes(StandardCharsets.ISO_8859_1), charset).strip());
                    if (load == null) {
                        throw new SyncFailure("the PII scan read a COPY block it did not ask for: "
                                + PrintableName.of(line));
                    }
                    table(in, load, columns.get(load), rows, charset, sink);
                } else if (open.find()) {
                    largeObject(in, Long.parseLong(open.group(1)), sink);
                }
            }
        } catch (IOException e) {
            source.destroy();
            throw new SyncFailure("reading the dump's data for the PII scan failed: " + e.getMessage());
        } catch (RuntimeException e) {
            source.destroy();
            throw e;
        }
        source.await(settings.toolTimeout());
    }

    private static void table(ScriptLines in, TableLoad load, List<String> wanted, int rows, Charset charset,
                              Sink sink) throws IOException {
        Reservoir<String> reservoir = new Reservoir<>(rows);
        while (in.next() && !in.endOfCopy()) {
            // a row not kept stays bytes
            int slot = reservoir.slot();
            if (slot >= 0) {
                reservoir.put(slot, in.current());
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        wanted.forEach(c -> values.put(c, new ArrayList<>()));
        for (String row : reservoir.kept()) {
            List<String> fields = CopyText.fields(new String(row.getBytes(StandardCharsets.ISO_8859_1), charset));
            for (int i = 0; i < fields.size() && i < load.columns().size(); i++) {
                List<String> column = values.get(load.columns().get(i));
                if (column != null && fields.get(i) != null) {
                    column.add(fields.get(i));
                }
            }
        }
        sink.table(load, values, reservoir.kept().size(), reservoir.seen());
    }

    /** The object's chunks up to lo_close, handed over in windows of {@link #LARGE_OBJECT_BYTES} that overlap. */
    private static void largeObject(ScriptLines in, long oid, Sink sink) throws IOException {
        byte[] window = new byte[LARGE_OBJECT_BYTES];
        int filled = 0;
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("SELECT pg_catalog.lo_close(")) {
            Matcher write = LO_WRITE.matcher(line);
            if (!write.find()) {
                continue;
            }
            byte[] chunk = HexFormat.of().parseHex(write.group(1));
            for (int done = 0; done < chunk.length; ) {
                if (filled == window.length) {
                    sink.largeObject(oid, window.clone());
                    System.arraycopy(window, window.length - LARGE_OBJECT_OVERLAP, window, 0, LARGE_OBJECT_OVERLAP);
                    filled = LARGE_OBJECT_OVERLAP;
                }
                int n = Math.min(chunk.length - done, window.length - filled);
                System.arraycopy(chunk, done, window, filled, n);
                filled += n;
                done += n;
            }
        }
        sink.largeObject(oid, Arrays.copyOf(window, filled));
    }

    private static Charset charset(String encoding) {
        return switch (encoding.toUpperCase()) {
            case "LATIN1" -> StandardCharsets.ISO_8859_1;
            case "SQL_ASCII" -> StandardCharsets.US_ASCII;
            default -> StandardCharsets.UTF_8;
        };
    }
}
