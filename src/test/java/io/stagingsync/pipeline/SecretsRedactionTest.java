package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.FreshTargetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failure whose message quotes secrets: the real process's every output line and its report show none. */
class SecretsRedactionTest extends FreshTargetTest {

    @Test
    void secretsQuotedByAFailureReachNoLogLineReportOrOutput() throws Exception {
        String password = "Db-S3cret-pw";
        String salt = "salt-for-the-redaction-test";
        Path hook = Files.writeString(dir.resolve("leaky.sql"), "DO $$ BEGIN RAISE EXCEPTION 'dblink to "
                + "postgres://app:other-pw@10.0.0.9/prod with salt " + salt + " and " + password + " failed, "
                + "api_key=k-123456 at https://bucket.example/x?X-Amz-Signature=abc'; END $$;");
        AppProcess.Result r = AppProcess.run(Path.of("").toAbsolutePath(), dir, Map.of(
                "DATABASE_URL", pg.url(target, "postgres", password), "SYNC_SOURCE", "file:" + sample.dump(),
                "SYNC_ANONYMIZATION_SALT", salt, "SYNC_HOOKS", hook.toString(), "SYNC_TARGET_MODE", "in-place"), "run");

        assertEquals(1, r.exit(), r.output());
        String report = Files.readString(dir.resolve("reports/report.json"))
                + Files.readString(dir.resolve("reports/report.txt"));
        for (String text : new String[] {r.output(), report}) {
            assertTrue(text.contains("dblink to postgres://app:***@10.0.0.9/prod with salt *** and *** failed, api_key=*** "
                    + "at https://bucket.example/x?***"), text);
            for (String secret : new String[] {password, salt, "other-pw", "k-123456", "X-Amz-Signature"}) {
                assertFalse(text.contains(secret), secret + " leaked:\n" + text);
            }
        }
    }
}
