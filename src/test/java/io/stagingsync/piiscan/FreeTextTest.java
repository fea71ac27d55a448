package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prose is told from codes, settings and templates by its words and its variety, not by any detector. */
class FreeTextTest {

    @Test
    void sentencesPeopleWroteAreProse() {
        assertTrue(FreeText.isProse("reason", List.of("Repeated imports over the footpaths near your house"), List.of()));
        assertTrue(FreeText.isProse("title", List.of("Mapathon in Freiburg?", "Re: Mapathon in Freiburg?", "Sentiers"),
                List.of("id", "title", "body")), "a message's subject");
        assertTrue(FreeText.isProse("v", List.of("Spoke with Marie by phone, she will call back on Monday",
                "Met the new tenant of the flat upstairs, very kind family from Porto"), List.of()));
    }

    @Test
    void codesTemplatesSettingsAndDocumentsAreNot() {
        assertFalse(FreeText.isProse("description", List.of("Sent three days after the due date, then every week",
                "Sent three days after the due date, then every week", "Sent three days after the due date, then every week"), List.of()),
                "one text repeated: a template");
        assertFalse(FreeText.isProse("v", List.of("Added cycle lane", "iD 2.27", "Sidewalks Lagos Island"), List.of()),
                "short labels in a column not named for prose");
        assertFalse(FreeText.isProse("title", List.of("Private address"), List.of("body")), "two words");
        assertFalse(FreeText.isProse("title", List.of("Let There Be Rock", "Big Ones", "Jagged Little Pill"),
                List.of("album_id", "title", "artist_id")), "a thing's title: no body beside it");
        assertFalse(FreeText.isProse("body", List.of("{\"text\": \"hello there my friend\"}"), List.of()), "a document");
        assertFalse(FreeText.isProse("checksum", List.of("a1b2 c3d4 e5f6 g7h8 i9j0 k1l2 m3n4 o5p6"), List.of()),
                "codes");
    }
}
