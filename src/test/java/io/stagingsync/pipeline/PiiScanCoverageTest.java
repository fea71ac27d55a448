package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where restored data lives beyond plain text columns: large objects, bytea, enum labels, view literals, French
 * column names, a bare name, personal data after a table's first thousand rows. One source dump holds them all.
 */
class PiiScanCoverageTest extends FreshTargetTest {

    @TempDir
    static Path shared;
    private static Path dump;
    private static String largeObject;

    @BeforeAll
    static void blindSpots() {
        PostgresServer pg = PostgresServer.get();
        String source = pg.createDatabase("pii_blind_spots");
        try {
            pg.execute(source,
                    "CREATE TYPE mood AS ENUM ('happy', 'jean.dupont@example.com')",
                    "CREATE TABLE documents (id int PRIMARY KEY, body bytea)",
                    "INSERT INTO documents VALUES (1, '\\x89504e470d0a1a0a'), "
                            + "(2, convert_to('contact: marie.curie@example.org', 'UTF8'))",
                    "CREATE VIEW support AS SELECT 'support.lead@example.com'::text AS contact",
                    "CREATE TABLE clients (id int PRIMARY KEY, nom text, prenom text, adresse text, humeur mood)",
                    "INSERT INTO clients VALUES (1, 'Dupont', 'Jean', '1 rue de la Paix', 'happy')",
                    "CREATE TABLE accounts (id int PRIMARY KEY, name text)",
                    "INSERT INTO accounts VALUES (1, 'Jean Dupont')",
                    "CREATE TABLE categories (id int PRIMARY KEY, name text)",
                    "INSERT INTO categories VALUES (1, 'Books')",
                    "CREATE TABLE events (id int PRIMARY KEY, payload text)",
                    "INSERT INTO events SELECT i, CASE WHEN i <= 1000 THEN 'clean event ' || i "
                            + "ELSE 'user' || i || '@mail.example.com' END FROM generate_series(1, 1500) i",
                    "CREATE TABLE staff (id int PRIMARY KEY, matricule text, code text)",
                    "INSERT INTO staff VALUES (1, 'M-1', 'CUS-123456')",
                    "SELECT lo_from_bytea(0, convert_to('Jean Dupont jean.dupont@example.com +33 6 12 34 56 78 "
                            + "FR7630006000011234567890189', 'UTF8'))");
            largeObject = Rows.single(source, "SELECT oid::text FROM pg_largeobject_metadata");
            dump = shared.resolve("blind-spots.pgsql");
            pg.pgDump(source, dump);
        } finally {
            pg.dropDatabase(source);
        }
    }

    private static List<String> findings(Path report) throws IOException {
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        List<String> out = new ArrayList<>();
        json.get("pii_scan").get("findings").forEach(f -> out.add(f.get("where").asText() + " " + f.get("table").asText()
                + "." + f.get("column").asText() + " " + f.get("reason").asText()));
        return out;
    }

    private static long largeObjects(String database) {
        return Long.parseLong(Rows.single(database, "SELECT count(*) FROM pg_catalog.pg_largeobject_metadata"));
    }

    @Test
    void everyBlindSpotIsAFindingAndTheDefaultPolicyRefusesBeforeAnythingLands() {
        SyncRun run = Sync.into(pg.url(target), dump).rules(rules("tables: []\n")).run();
        assertEquals(2, run.exitCode(), run::error);
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        for (String finding : List.of("large object " + largeObject + " (values: email; confidence: high)",
                "public.documents.body (values: email in 1 of 2 sampled; confidence: high)",
                "type public.mood (values: email in 1 of 2 labels; confidence: high)",
                "view public.support (values: email in 1 of 1 literals; confidence: high)",
                "public.clients.nom (name: personal, type text; confidence: medium)",
                "public.clients.prenom (name: personal, type text; confidence: medium)",
                "public.clients.adresse (name: contact, type text; confidence: medium)",
                "public.accounts.name (name: personal, type text; confidence: medium)",
                "public.events.payload (values: email in ")) {
            assertTrue(run.error().contains(finding), finding + " in " + run.error());
        }
        assertFalse(run.error().contains("categories.name"), "a category's name is a thing's: " + run.error());
        assertFalse(run.error().contains("staff."), run.error());
        assertTrue(run.error().contains("(pii_scan.policy: fail; nothing was restored)"), run.error());
        assertEquals(0, largeObjects(target), "no large object landed");
        assertFalse(Rows.tableExists(target, "events"));
    }

    @Test
    void warnPolicyGoesOnAndSaysWhatIsLeftUnreviewedWhileTheFinalScanFindsRowsPastTheFirstThousand()
            throws IOException {
        Sync sync = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: clients
                    columns: {nom: "'n' || id", prenom: "'p' || id", adresse: "NULL"}
                pii_scan:
                  policy: warn
                  allow: [accounts.name, documents.body, type public.mood, view public.support]
                  patterns:
                    columns: ['^matricule$']
                    values: ['^CUS-\\d{6}$']
                """));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        List<String> findings = findings(sync.reportDir().resolve("report.json"));
        for (String where : List.of("archive", "target")) {
            assertTrue(findings.stream().anyMatch(f -> f.startsWith(where + " public.events.payload values: email in ")
                    && f.endsWith(" of 1000 sampled")), where + " in " + findings);
            assertTrue(findings.contains(where + " large object " + largeObject + ".data values: email"), findings::toString);
            assertTrue(findings.contains(where + " public.staff.matricule name: pattern ^matricule$, type text"), findings::toString);
            assertTrue(findings.contains(where + " public.staff.code values: pattern ^CUS-\\d{6}$ in 1 of 1 sampled"),
                    findings::toString);
        }
        assertEquals(1, largeObjects(target), "warn restores the large object, as reported");
        String text = Files.readString(sync.reportDir().resolve("report.txt"));
        assertTrue(text.contains("), anonymized except 4 unreviewed column(s)\n"), text);
        assertFalse(text.contains("now anonymized"), text);
        assertTrue(text.contains("archive sample: public.events 1000 of 1500 rows"), text);
        assertTrue(text.contains("target sample: public.events 1000 of 1500 rows"), text);
        JsonNode samples = new ObjectMapper().readTree(sync.reportDir().resolve("report.json").toFile())
                .get("pii_scan").get("samples");
        assertTrue(samples.toString().contains("{\"where\":\"archive\",\"table\":\"public.events\",\"rows_sampled\":1000,"
                + "\"rows_read\":1500}"), samples::toString);
    }

    @Test
    void excludedLargeObjectsAreNeitherRestoredNorScannedAndReviewedObjectsPassUnderFail() throws IOException {
        Sync sync = Sync.into(pg.url(target), dump).rules(rules("""
                tables:
                  - table: clients
                    columns: {nom: "'n' || id", prenom: "'p' || id", adresse: "NULL"}
                  - table: events
                    columns: {payload: "'event ' || id"}
                  - table: documents
                    columns: {body: "NULL"}
                pii_scan:
                  exclude_large_objects: true
                  allow: [accounts.name, type public.mood, view public.support]
                """));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(0, largeObjects(target), "excluded large objects are not restored");
        assertEquals(1500, Rows.count(target, "events"));
        assertEquals(List.of(), findings(sync.reportDir().resolve("report.json")));
        String text = Files.readString(sync.reportDir().resolve("report.txt"));
        assertTrue(text.contains("large objects: excluded, neither restored nor scanned"), text);
        assertTrue(text.contains("now anonymized\n"), text);
    }
}
