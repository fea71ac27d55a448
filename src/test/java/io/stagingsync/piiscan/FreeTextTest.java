package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prose is told from codes, settings and templates by its words and its variety, not by any detector. */
class FreeTextTest {

    @Test
    void sentencesPeopleWroteAreProse() {
        assertTrue(FreeText.isProse("reason", List.of("Repeated imports over the footpaths near your house")));
        assertTrue(FreeText.isProse("title", List.of("Mapathon in Freiburg?", "Re: Mapathon in Freiburg?", "Sentiers")));
        assertTrue(FreeText.isProse("v", List.of("Spoke with Marie by phone, she will call back on Monday",
                "Met the new tenant of the flat upstairs, very kind family from Porto")));
    }

    @Test
    void codesTemplatesSettingsAndDocumentsAreNot() {
        assertFalse(FreeText.isProse("description", List.of("Sent three days after the due date, then every week",
                "Sent three days after the due date, then every week", "Sent three days after the due date, then every week")),
                "one text repeated: a template");
        assertFalse(FreeText.isProse("v", List.of("Added cycle lane", "iD 2.27", "Sidewalks Lagos Island")),
                "short labels in a column not named for prose");
        assertFalse(FreeText.isProse("title", List.of("Private address")), "two words");
        assertFalse(FreeText.isProse("body", List.of("{\"text\": \"hello there my friend\"}")), "a document");
        assertFalse(FreeText.isProse("checksum", List.of("a1b2 c3d4 e5f6 g7h8 i9j0 k1l2 m3n4 o5p6")), "codes");
    }
}
