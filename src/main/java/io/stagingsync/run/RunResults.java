package io.stagingsync.run;

import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.piiscan.PiiSample;
import io.stagingsync.secrets.Redactor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the run found and did: the checklist, each table's result, the verification, the PII findings, notes. */
public final class RunResults {

    private final List<Check> checks = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, TableResult> tables = new ConcurrentHashMap<>();
    private final List<String> verificationProblems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean verificationPassed;
    private volatile List<PiiFinding> piiFindings;
    private volatile List<PiiSample> piiSamples = List.of();

    public void addCheck(Check check) {
        checks.add(new Check(check.name(), check.ok(), Redactor.apply(check.detail()), check.skipped()));
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    void table(TableResult result) {
        tables.put(result.table(), result);
    }

    public Map<String, TableResult> tables() {
        return Map.copyOf(tables);
    }

    public void verification(boolean passed, List<String> problems) {
        verificationPassed = passed;
        verificationProblems.clear();
        verificationProblems.addAll(problems);
    }

    public boolean verificationPassed() {
        return verificationPassed;
    }

    public List<String> verificationProblems() {
        return List.copyOf(verificationProblems);
    }

    /** The PII scans' findings (archive, then final database); null when no scan ran. */
    public List<PiiFinding> piiFindings() {
        return piiFindings;
    }

    public synchronized void addPiiFindings(List<PiiFinding> findings) {
        List<PiiFinding> all = new ArrayList<>(piiFindings == null ? List.of() : piiFindings);
        all.addAll(findings);
        piiFindings = List.copyOf(all);
    }

    /** Forgets the findings so far: {@code init} scans again with the rules it wrote. */
    public synchronized void clearPiiFindings() {
        piiFindings = null;
        piiSamples = List.of();
    }

    /** How much of each table the PII scans judged by its values. */
    public List<PiiSample> piiSamples() {
        return piiSamples;
    }

    /** The rows of a table the archive's PII scan read, all of them: empty when it did not read that table. */
    public OptionalLong archiveRowsRead(String table) {
        return piiSamples.stream().filter(p -> "archive".equals(p.where()) && p.table().equals(table))
                .mapToLong(PiiSample::rowsRead).findFirst();
    }

    public synchronized void addPiiSamples(List<PiiSample> samples) {
        List<PiiSample> all = new ArrayList<>(piiSamples);
        all.addAll(samples);
        piiSamples = List.copyOf(all);
    }

    /** Columns and objects the scans found and nobody reviewed, each counted once (archive and target alike). */
    public long unreviewedFindings() {
        List<PiiFinding> findings = piiFindings;
        return findings == null ? 0 : findings.stream().map(f -> f.table() + "." + f.column()).distinct().count();
    }

    public void note(String note) {
        notes.add(Redactor.apply(note));
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
