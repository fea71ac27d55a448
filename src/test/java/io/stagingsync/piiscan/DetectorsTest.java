package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.settings.PiiScanRules;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Values as the scan sees them: bytea hex read as text when it is text, the rules file's own patterns first. */
class DetectorsTest {

    private final Detectors builtIn = new Detectors(new PiiScanRules(true, List.of()));

    private static String bytea(String text) {
        return "\\x" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void byteaHoldingTextIsJudgedAsThatText() {
        assertEquals("email", builtIn.value(bytea("contact: marie.curie@example.org")));
        assertEquals("iban", builtIn.value(bytea("FR7630006000011234567890189")));
    }

    @Test
    void byteaHoldingTextAfterABinaryHeaderGzippedOrInUtf16IsJudgedAsThatText() throws Exception {
        assertEquals("email", builtIn.value("\\xfffe00" + bytea(" contact: marie.curie@example.org").substring(2)));
        assertEquals("email", builtIn.value("\\x" + HexFormat.of().formatHex(
                "marie.curie@example.org".getBytes(StandardCharsets.UTF_16LE))));
        assertEquals("email", builtIn.value("\\x" + HexFormat.of().formatHex(
                "marie.curie@example.org".getBytes(StandardCharsets.UTF_16))));
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(zipped)) {
            out.write("marie.curie@example.org".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("email", builtIn.value("\\x" + HexFormat.of().formatHex(zipped.toByteArray())));
        assertNull(builtIn.value("\\x1f8b00ff"), "a gzip header that is not gzip is judged as bytes");
    }

    @Test
    void byteaThatIsNotTextIsNotAFinding() {
        assertNull(builtIn.value("\\x89504e470d0a1a0aff00fe"));
    }

    @Test
    void customPatternsJudgeNamesAndValues() {
        Detectors custom = new Detectors(new PiiScanRules(true, List.of(),
                List.of(Pattern.compile("^matricule$", Pattern.CASE_INSENSITIVE)), List.of(Pattern.compile("^CUS-\\d{6}$")),
                false));
        QualifiedName staff = new QualifiedName("public", "staff");
        assertEquals("pattern ^matricule$", custom.column(staff, "Matricule", List.of("Matricule")));
        assertEquals("pattern ^CUS-\\d{6}$", custom.value("CUS-123456"));
        assertEquals("pattern ^CUS-\\d{6}$", custom.value(bytea("CUS-123456")));
        assertNull(custom.value("CUS-12"));
        assertNull(builtIn.column(staff, "matricule", List.of("matricule")));
    }
}
