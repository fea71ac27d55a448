package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.RefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file is validated as a whole; every problem names the file, the entry and the field. */
class RulesFileParserTest {

    @TempDir
    Path dir;

    private AnonymizationRules parse(String yaml) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, yaml);
        return new RulesFileParser().parse(file);
    }

    private String refusal(String yaml) {
        RefusedException e = assertThrows(RefusedException.class, () -> parse(yaml));
        return e.getMessage();
    }

    @Test
    void exampleRulesFileIsValid() {
        AnonymizationRules rules = new RulesFileParser().parse(Path.of("anonymization.yaml"));
        assertEquals(7, rules.tables().size());
        assertEquals(List.of(TableName.parse("sessions")), rules.excludedTables());
        TableRule addresses = rules.tables().get(1);
        assertEquals("strategy:street_address", addresses.kind());
        assertEquals(List.of("line1", "city", "postal_code"), List.copyOf(addresses.columns().keySet()));
        assertEquals(64, rules.sha256().length());
    }

    @Test
    void everyKeyOfTheFormatIsRead() throws IOException {
        AnonymizationRules rules = parse("""
                tables:
                  - table: billing.invoices
                    columns: {email: "'x' || id", phone: null}
                    condition: "created_at < now()"
                    label: {fr: factures, en: invoices}
                  - table: api_keys
                    query: "UPDATE api_keys SET token = NULL;"
                  - table: patients
                    strategy: hipaa_patient
                strategies:
                  hipaa_patient:
                    columns: {patient_name: "'Patient ' || id"}
                exclude_tables: [sessions, "Audit.Logs"]
                """);
        TableRule invoices = rules.tables().get(0);
        assertEquals(new TableName("billing", "invoices", false), invoices.table());
        assertEquals("NULL", invoices.columns().get("phone"));
        assertEquals("created_at < now()", invoices.condition());
        assertEquals("factures", invoices.label().get("fr"));
        assertEquals(List.of("UPDATE api_keys SET token = NULL"), rules.tables().get(1).queries());
        assertEquals("'Patient ' || id", rules.tables().get(2).columns().get("patient_name"));
        assertEquals(new TableName("Audit", "Logs", false), rules.excludedTables().get(1));
    }

    @Test
    void malformedEntryIsRefusedNamingFileEntryAndField() {
        String message = refusal("""
                tables:
                  - table: users
                    columns: {email: "'x'"}
                  - table: customers
                    colums: {email: "'x'"}
                """);
        assertTrue(message.contains("rules.yaml: tables[1] (customers) has an unknown key 'colums'"), message);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String message = refusal("""
                tables:
                  - table: users
                    strategy: user
                  - table: orders
                    query: "UPDATE orders SET x = 1"
                    columns: {y: "1"}
                  - table: phones
                    strategy: phone
                    query: "UPDATE phones SET number = NULL"
                  - table: users
                    columns: {email: "'x'"}
                  - columns: {email: "'x'"}
                  - table: empty
                strategies:
                  hipaa: {columns: {}}
                exclude_tables: [users]
                pii_scan: {policy: sometimes, allow: [users]}
                """);
        for (String expected : List.of("tables[2] (phones) has both 'query' and 'strategy'",
                "tables[1] (orders) has both 'query' and 'columns'",
                "tables[3] (users) lists a table that an earlier entry already lists",
                "tables[4] has no 'table:' name",
                "tables[5] (empty) says nothing to do",
                "strategies.hipaa needs a non-empty 'columns:' map",
                "pii_scan.policy is 'sometimes': use fail",
                "pii_scan.allow[0] must be table.column or schema.table.column",
                "is also listed in exclude_tables")) {
            assertTrue(message.contains(expected), "missing «" + expected + "» in: " + message);
        }
    }

    @Test
    void piiScanPolicyIsFailUnlessTheFileSaysWarn() throws IOException {
        AnonymizationRules none = parse("tables:\n  - table: a\n    columns: {x: \"1\"}\n");
        assertEquals("fail", none.piiScan().policy(), "default-deny without a pii_scan section");
        assertEquals("warn", parse("tables: []\npii_scan: {policy: warn}\n").piiScan().policy());
        AnonymizationRules allowOnly = parse("tables: []\npii_scan:\n  allow: [parkings.city, geo.places.name]\n");
        assertEquals("fail", allowOnly.piiScan().policy(), "a pii_scan section without a policy fails on findings");
        assertEquals(List.of("parkings.city", "geo.places.name"), allowOnly.piiScan().allow());
    }

    @Test
    void noSpellingOfAnEmptyOrMistypedPiiScanSectionTurnsTheDefaultFailIntoWarn() throws IOException {
        for (String section : List.of("", "pii_scan:\n", "pii_scan: null\n", "pii_scan: {}\n", "pii_scan: ~\n",
                "pii_scan: {allow: []}\n")) {
            try {
                assertEquals("fail", parse("tables: []\n" + section).piiScan().policy(), section);
            } catch (RefusedException refused) {
                assertTrue(refused.getMessage().contains("'pii_scan' must be a map"), section + ": " + refused);
            }
        }
        for (String policy : List.of("Fail", "WARN", "Warn", "warning", "off", "false", "no", "''")) {
            assertThrows(RefusedException.class, () -> parse("tables: []\npii_scan: {policy: " + policy + "}\n"), policy);
        }
        assertTrue(refusal("tables: []\npii_scan: [policy, warn]\n").contains("'pii_scan' must be a map"));
        assertTrue(refusal("tables: []\npii_scan: {allow: ['*']}\n").contains("pii_scan.allow[0] must be"));
    }

    @Test
    void unknownStrategyListsTheDefinedOnes() {
        String message = refusal("""
                tables:
                  - table: users
                    strategy: contactt
                strategies:
                  contact: {columns: {email: "'x'"}}
                """);
        assertTrue(message.contains("unknown strategy 'contactt'; built-in strategies: address, email, payment, phone, "
                + "user; defined under 'strategies:': contact"), message);
    }

    @Test
    void builtInStrategyIsReadWithTheEntrysOwnColumnsAsOverrides() throws IOException {
        AnonymizationRules rules = parse("""
                tables:
                  - table: users
                    strategy: user
                    columns: {first_name: "'Alex'"}
                  - table: payment_methods
                    strategy: payment
                """);
        TableRule users = rules.tables().get(0);
        assertTrue(users.isBuiltIn());
        assertEquals("strategy:user", users.kind());
        assertEquals(Map.of("first_name", "'Alex'"), users.columns());
        assertTrue(rules.tables().get(1).columns().isEmpty());
    }

    @Test
    void invalidYamlAndWrongShapesAreRefused() {
        assertTrue(refusal("tables: [").contains("is not valid YAML"));
        assertTrue(refusal("- table: users").contains("the top level must be a map"));
        assertTrue(refusal("tables: {users: x}").contains("'tables' must be a list"));
        assertTrue(refusal("tables:\n  - table: a\n    columns: [email]\n").contains("'columns' must map column names"));
        assertTrue(refusal("tables:\n  - table: a\n    table: b\n").contains("is not valid YAML"), "duplicate keys");
        assertTrue(refusal("").contains("is empty"));
    }

    @Test
    void aYamlErrorKeepsItsLinesSoTheMarkerPointsAtTheColumn() {
        String message = refusal("tables:\n  - table: users\n    columns: {email: 'x'\n    query: y\n");
        List<String> lines = message.lines().toList();
        int marker = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("^")) {
                marker = i;
            }
        }
        assertTrue(marker > 0, "a line with the marker alone: " + message);
        String excerpt = lines.get(marker - 1);
        int column = lines.get(marker).indexOf('^');
        assertTrue(column < excerpt.length() && !Character.isWhitespace(excerpt.charAt(column)),
                "the marker points at a character of the line above it: " + message);
    }

    @Test
    void missingOrHugeFileIsRefused() throws IOException {
        RefusedException missing = assertThrows(RefusedException.class,
                () -> new RulesFileParser().parse(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("SYNC_ANONYMIZATION_FILE"));
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(int) RulesFileParser.MAX_FILE_BYTES + 1]);
        assertTrue(assertThrows(RefusedException.class, () -> new RulesFileParser().parse(huge))
                .getMessage().contains("larger than 1 MiB"));
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("b").append(i).append(": &b").append(i).append(" [*").append(i == 0 ? "a" : "b" + (i - 1))
                    .append(", *").append(i == 0 ? "a" : "b" + (i - 1)).append("]\n");
        }
        assertTrue(refusal(yaml.toString()).contains("is not valid YAML"));
    }

    @Test
    void badRegexInPiiScanPatternsIsRefusedNamingFileKeyAndProblem() {
        RefusedException e = assertThrows(RefusedException.class, () -> parse("""
                tables: []
                pii_scan:
                  patterns:
                    columns: ['^nss$', 'num(ero']
                    values: ['^CUS-\\d{6}$', '[a-']
                    fields: ['x']
                """));
        String message = e.getMessage();
        for (String expected : List.of("rules.yaml: pii_scan.patterns.columns[1] is not a valid regular expression: "
                        + "Unclosed group near index 7 of 'num(ero'",
                "pii_scan.patterns.values[1] is not a valid regular expression",
                "pii_scan.patterns has an unknown key 'fields'")) {
            assertTrue(message.contains(expected), "missing «" + expected + "» in: " + message);
        }
    }

    @Test
    void piiScanPatternsAndLargeObjectExclusionAreRead() throws IOException {
        PiiScanRules rules = parse("""
                tables: []
                pii_scan:
                  exclude_large_objects: true
                  allow: [large object 16403, type public.mood, view public.v, users.name]
                  patterns: {columns: ['^nss$'], values: ['CUS-\\d{6}']}
                """).piiScan();
        assertTrue(rules.excludeLargeObjects());
        assertEquals(List.of("large object 16403", "type public.mood", "view public.v", "users.name"), rules.allow());
        assertTrue(rules.columnPatterns().get(0).matcher("NSS").find(), "column patterns ignore case");
        assertTrue(rules.valuePatterns().get(0).matcher("ref CUS-123456").find());
    }
}
