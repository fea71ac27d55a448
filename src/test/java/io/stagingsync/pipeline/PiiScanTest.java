package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PII scan of unmasked columns: on the archive before the restore, and on the final database. */
class PiiScanTest extends FreshTargetTest {

    private Path contacts() {
        return dumpOf("contacts", "",
                "CREATE TABLE contacts (id int PRIMARY KEY, email text, notes text, profile jsonb, phoneNumber text, "
                        + "kind text)",
                "INSERT INTO contacts SELECT i, 'person' || i || '@gmail.com', CASE WHEN i % 10 = 0 THEN "
                        + "'call back on 06 12 34 56 ' || lpad(i::text, 2, '0') ELSE 'ok' END, "
                        + "jsonb_build_object('bank', CASE WHEN i = 3 THEN 'FR14 2004 1010 0505 0001 3M02 606' END), "
                        + "'+3361234' || lpad(i::text, 4, '0'), 'lead' FROM generate_series(1, 40) i",
                "CREATE TABLE cities (id int PRIMARY KEY, city text)",
                "INSERT INTO cities VALUES (1, 'Lyon'), (2, 'Lille')");
    }

    private static List<String> findings(Path report) throws IOException {
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        List<String> out = new ArrayList<>();
        json.get("pii_scan").get("findings").forEach(f -> out.add(f.get("where").asText() + " " + f.get("table").asText()
                + "." + f.get("column").asText() + " " + f.get("reason").asText()));
        return out;
    }

    @Test
    void unlistedPiiColumnUnderPolicyFailIsRefusedWithNothingRawVisible() throws IOException {
        Sync sync = Sync.into(pg.url(target), contacts()).rules(rules("""
                tables:
                  - table: contacts
                    columns: {email: "'c' || id || '@example.test'"}
                pii_scan:
                  policy: fail
                """));
        SyncRun run = sync.run();
        assertEquals(2, run.exitCode(), run::error);
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertFalse(Rows.tableExists(target, "contacts"), "nothing restored");
        for (String column : List.of("public.contacts.notes (values: phone in 4 of 40 sampled; confidence: high)",
                "public.contacts.profile (values: iban in 1 of 40 sampled; confidence: high)",
                "public.contacts.phonenumber (name: contact, type text, values: phone in 40 of 40 sampled; confidence: high)",
                "public.cities.city (name: contact, type text; confidence: medium)")) {
            assertTrue(run.error().contains(column), column + " in " + run.error());
        }
        assertFalse(run.error().contains("3M02") || run.error().contains("06 12"), "no value is quoted");
        assertFalse(run.error().contains("contacts.kind"), run.error());
        assertEquals(4, findings(sync.reportDir().resolve("report.json")).size());
    }

    @Test
    void planShowsTheFindingsAndWarnPolicyLetsTheRunGoOn() throws IOException {
        Path dump = contacts();
        Sync sync = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: contacts
                    columns: {email: "'c' || id || '@example.test'", notes: "NULL", phonenumber: "NULL"}
                pii_scan:
                  policy: warn
                  allow: [cities.city]
                """));
        SyncRun plan = sync.run(Command.PLAN);
        assertEquals(0, plan.exitCode(), plan::error);
        assertEquals(List.of("archive public.contacts.profile values: iban in 1 of 40 sampled"),
                findings(sync.reportDir().resolve("plan.json")));
        assertTrue(Files.readString(sync.reportDir().resolve("plan.txt")).contains("pii scan (policy warn): 1 finding(s)"));

        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(List.of("archive public.contacts.profile values: iban in 1 of 40 sampled",
                "target public.contacts.profile values: iban in 1 of 40 sampled"),
                findings(sync.reportDir().resolve("report.json")));
    }

    @Test
    void allowEntryNamingNoColumnIsRefused() {
        SyncRun run = Sync.into(pg.url(target), contacts()).rules(rules("""
                tables:
                  - table: contacts
                    columns: {email: "'c' || id || '@example.test'"}
                pii_scan:
                  allow: [cities.town, contacts.kind]
                """)).run();
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("pii_scan.allow names columns the archive's loaded tables do not have: "
                + "[cities.town]"), run.error());
    }

    @Test
    void finalDatabaseScanFailsTheRunWhenAQueryLeftANamedColumnRaw() {
        SyncRun run = Sync.into(pg.url(target), contacts()).rules(rules("""
                tables:
                  - table: contacts
                    query: "UPDATE contacts SET notes = NULL, phonenumber = NULL, profile = NULL WHERE email IS NOT NULL"
                pii_scan:
                  policy: fail
                  allow: [cities.city]
                """)).with("sync.target-mode", "in-place").run();
        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("PII scan in the final database: 1 column(s)")
                && run.error().contains("public.contacts.email (name: contact, type text, values: email in 40 of 40 sampled; "
                + "confidence: high)"), run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertFalse(Rows.tableExists(target, "contacts") && Rows.count(target, "contacts") > 0, "no raw row left");
    }
}
