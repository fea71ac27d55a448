package io.stagingsync.source.mongodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/** Walks sampled documents the way a path rule does: object keys joined by dots, arrays looked through. */
final class DocumentPaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentPaths() {
    }

    /**
     * Calls {@code visit} with {@code doc.a.b} and the value for every value of the document, containers included;
     * an Extended JSON wrapper ({"$date": …}) counts as one value.
     */
    static void walk(String json, BiConsumer<String, JsonNode> visit) {
        try {
            walk("doc", JSON.readTree(json), visit);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sampled document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void walk(String path, JsonNode node, BiConsumer<String, JsonNode> visit) {
        if (node.isArray()) {
            node.forEach(element -> walk(path, element, visit));
            return;
        }
        if (!path.equals("doc")) {
            visit.accept(path, node);
        }
        if (node.isObject() && !isWrapper(node)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(path + "." + field.getKey(), field.getValue(), visit);
            }
        }
    }

    private static boolean isWrapper(JsonNode node) {
        Iterator<String> names = node.fieldNames();
        return names.hasNext() && names.next().startsWith("$");
    }
}
