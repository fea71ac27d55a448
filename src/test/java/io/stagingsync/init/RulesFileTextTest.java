package io.stagingsync.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.settings.AnonymizationRules;
import io.stagingsync.settings.RulesFileParser;
import io.stagingsync.settings.TableName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written draft reads back, through the rules file's own parser, exactly as drafted, whatever the names hold. */
class RulesFileTextTest {

    @TempDir
    Path dir;

    @Test
    void awkwardNamesAndExpressionsReadBackAsDraftedAndCannotEscapeTheirComments() throws IOException {
        String column = "Note \"A\"\\: b\nnull";
        String expression = "CASE WHEN \"Note\" IS NOT NULL THEN 'it''s ' || id END";
        RulesDraft draft = new RulesDraft("the backup x\ntables: [injected]", 3,
                List.of(new RulesDraft.Table("\"odd.table\"", "phone", "masks number (values: phone)",
                        List.of(new RulesDraft.Column(column, expression, "why\npii_scan: {policy: warn}")))),
                List.of(new RulesDraft.Line("billing.user_sessions", "findings: token (name: auth)")),
                List.of(new RulesDraft.Line("yes.no", "review: a yes/no flag")),
                List.of("public.v (view literal: email)"), true);
        Path file = Files.writeString(dir.resolve("anonymization.yaml"), RulesFileText.render(draft));

        AnonymizationRules rules = new RulesFileParser().parse(file);
        assertEquals(1, rules.tables().size());
        assertEquals(new TableName(null, "odd.table", true), rules.tables().get(0).table());
        assertEquals("phone", rules.tables().get(0).strategy());
        assertEquals(expression, rules.tables().get(0).columns().get(column));
        assertEquals(List.of(TableName.parse("billing.user_sessions")), rules.excludedTables());
        assertEquals(List.of("yes.no"), rules.piiScan().allow());
        assertTrue(rules.piiScan().fail(), "policy fail, whatever a comment says");
        String text = Files.readString(file);
        assertFalse(text.contains("\ntables: [injected]"), text);
        assertTrue(text.contains("# - not a column of a copied table, to handle by hand: public.v (view literal: email)"));
        assertTrue(text.contains("SYNC_ANONYMIZATION_SALT"), "a salted strategy says what it needs");
    }
}
