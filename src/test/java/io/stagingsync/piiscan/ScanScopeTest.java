package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.settings.TableName;
import io.stagingsync.settings.TableRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the scan skips: columns a rule masks, and the reviewed columns of pii_scan.allow. */
class ScanScopeTest {

    private static final QualifiedName USERS = new QualifiedName("public", "users");
    private static final TocEntry DATA = new TocEntry(3, "TABLE DATA", "public", "users", TocEntry.SECTION_DATA, "",
            "COPY public.users (id, email, \"Notes\", nickname) FROM stdin;\n", 10, 10);
    private static final List<String> COLUMNS = List.of("id", "email", "Notes", "nickname");

    private static TableLoad load(TableRule rule) {
        return new TableLoad(DATA, USERS, COLUMNS, rule, "users");
    }

    @Test
    void aQueryRuleMasksTheColumnsItsSqlNamesBeforeTheRestore() {
        TableRule rule = new TableRule("tables[0] (users)", TableName.parse("users"), null, Map.of(),
                List.of("UPDATE users SET \"Notes\" = NULL, email = 'u' || id || '@example.test'"), null, Map.of());
        assertEquals(Set.of("id", "email", "Notes"), PiiScanStage.maskedByRule(load(rule)));
        TableRule columns = new TableRule("tables[0] (users)", TableName.parse("users"), null,
                Map.of("nickname", "NULL"), List.of(), null, Map.of());
        assertEquals(Set.of("nickname"), PiiScanStage.maskedByRule(load(columns)));
        assertEquals(Set.of(), PiiScanStage.maskedByRule(load(null)));
    }

    @Test
    void allowEntriesMatchTableOrSchemaQualifiedNamesExactlyAndTyposAreFound() {
        AllowList allow = new AllowList(List.of("users.nickname", "public.users.Notes", "users.nick_name",
                "billing.users.email"));
        assertTrue(allow.allows(USERS, "nickname"));
        assertTrue(allow.allows(USERS, "Notes"));
        assertFalse(allow.allows(USERS, "email"), "another schema's users");
        assertEquals(List.of("users.nick_name", "billing.users.email"), allow.unknown(List.of(load(null))));
    }
}
