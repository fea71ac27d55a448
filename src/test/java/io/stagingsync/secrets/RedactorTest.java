package io.stagingsync.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the redaction layer masks, by value and by shape, and what it leaves readable. */
class RedactorTest {

    @Test
    void databaseUrlCredentialsAreMaskedWhateverThePasswordHolds() {
        assertEquals("connecting to postgres://app:***@db.example:5432/app?sslmode=require failed",
                Redactor.apply("connecting to postgres://app:p%40ss:w0rd@db.example:5432/app?sslmode=require failed"));
        assertEquals("postgresql://u:***@h/db and postgres://v:***@h2/db2",
                Redactor.apply("postgresql://u:a@b@h/db and postgres://v:c@h2/db2"));
    }

    @Test
    void preSignedQueriesAreMaskedButTheAddressStaysReadable() {
        assertEquals("GET https://objects.example/backups/x.tar.gz?*** answered 403",
                Redactor.apply("GET https://objects.example/backups/x.tar.gz?X-Amz-Credential=AKIA%2F&X-Amz-Signature=abc123 answered 403"));
    }

    @Test
    void bearerTokensAndKeyValueSecretsAreMasked() {
        assertEquals("Authorization: Bearer ***", Redactor.apply("Authorization: Bearer eyJhbGciOi.J9.x-y_z"));
        assertEquals("password=*** host=db", Redactor.apply("password=never-registered! host=db"));
        assertEquals("SCALINGO_API_TOKEN=*** set", Redactor.apply("SCALINGO_API_TOKEN=tk-us-abcdef set"));
        assertEquals("{\"token\":\"***\",\"app\":\"shop\"}", Redactor.apply("{\"token\":\"tk-12345\",\"app\":\"shop\"}"));
    }

    @Test
    void registeredSecretsAreMaskedWhereverTheyAppear() {
        Redactor.register("salt-0123456789abcdef");
        Redactor.register("salt-0123456789");
        assertEquals("the value *** leaked, and *** too",
                Redactor.apply("the value salt-0123456789abcdef leaked, and salt-0123456789 too"));
    }

    @Test
    void ordinaryMessagesAreLeftAlone() {
        String[] messages = {
            "DATABASE_URL has no password: postgres://user@host:5432/db",
            "the target postgres@127.0.0.1:5432/staging is not production",
            "the addon token of the source expired: asking for a new one",
            "check the user and password in DATABASE_URL",
            "Redactor.register(\"abc\") keeps short values out",
        };
        for (String m : messages) {
            assertEquals(m, Redactor.apply(m));
        }
        Redactor.register("abc");
        assertEquals("abc", Redactor.apply("abc"), "too short to be masked everywhere");
    }

    @Test
    void theStandardStreamsAreMaskedLineByLine() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(new RedactingStream(new PrintStream(sink, true, StandardCharsets.UTF_8)),
                true, StandardCharsets.UTF_8);
        stream.println("[ERROR] FailClosed - cannot reach postgres://app:S3cret-pw@db/app — réessayez");
        stream.print("half a line with postgres://app:");
        stream.print("S3cret-pw@db/app");
        stream.println();
        assertEquals("[ERROR] FailClosed - cannot reach postgres://app:***@db/app — réessayez\n"
                + "half a line with postgres://app:***@db/app\n", sink.toString(StandardCharsets.UTF_8));
    }
}
