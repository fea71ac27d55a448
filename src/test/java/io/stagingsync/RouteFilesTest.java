package io.stagingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * The route files as the build checks them, so that a broken route fails `./mvnw verify`, not a run: every file valid
 * against the YAML DSL's own schema (shipped in camel-yaml-dsl), every direct: endpoint called has a route, every
 * bean a route names is bound by {@link SyncBeans}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteFilesTest {

    private static final Path ROUTES = Path.of("routes");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONVERTIBLE = Pattern.compile("string found, (boolean|number|integer) expected");

    private JsonSchema schema;
    private DefaultCamelContext beans;

    @TempDir
    Path scratch;

    @BeforeAll
    void schemaAndBeans() throws Exception {
        try (InputStream in = RouteFilesTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            // draft 4, knowing the schema's `deprecated` marks as annotations only
            schema = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                    .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV4())
                            .keyword(new NonValidationKeyword("deprecated")).build())
                    .build().getSchema(in);
        }
        // the beans as SyncBeans binds them, the cluster's included; nothing connects before a run
        beans = new DefaultCamelContext();
        beans.getPropertiesComponent().setLocation("file:application.properties");
        Properties overrides = new Properties();
        overrides.setProperty("sync.cluster.enabled", "true");
        overrides.setProperty("sync.cluster.database-url", "postgres://nobody@127.0.0.1:1/nowhere");
        // the settings a start refuses without (read once, before any bean is bound)
        overrides.setProperty("database.url", "postgres://nobody@127.0.0.1:1/staging");
        overrides.setProperty("scalingo.api-token", "route-check");
        overrides.setProperty("sync.source-app", "route-check");
        beans.getPropertiesComponent().setOverrideProperties(overrides);
        new SyncBeans().configure(beans);
    }

    @AfterAll
    void stop() {
        beans.stop();
    }

    @Test
    void everyRouteFileFollowsTheSchemaAndEveryNameItUsesResolves() throws IOException {
        assertEquals(List.of(), problems(ROUTES));
    }

    @Test
    void aMisspeltKeyFailsTheBuild() throws IOException {
        Path routes = brokenCopy("30-sync.camel.yaml", "uri: direct:preflight", "urii: direct:preflight");
        String problems = problems(routes).toString();
        assertTrue(problems.contains("30-sync.camel.yaml") && problems.contains("urii"), problems);
    }

    @Test
    void aCallToARouteThatDoesNotExistFailsTheBuild() throws IOException {
        Path routes = brokenCopy("85-report.camel.yaml", "uri: direct:keep-in-history", "uri: direct:keep-in-histroy");
        assertEquals(List.of("85-report.camel.yaml: no route consumes direct:keep-in-histroy"), problems(routes));
    }

    @Test
    void aBeanThatIsNotBoundFailsTheBuild() throws IOException {
        Path routes = brokenCopy("86-history.camel.yaml", "ref: historyRows", "ref: historyRow");
        assertTrue(problems(routes).contains("86-history.camel.yaml: no bean named historyRow"), problems(routes).toString());
    }

    /** A copy of routes/ under the build's folder with {@code from} replaced by {@code to} in one file. */
    private Path brokenCopy(String file, String from, String to) throws IOException {
        Path copy = scratch.resolve("routes");
        Files.createDirectories(copy);
        for (Path route : routeFiles(ROUTES)) {
            Files.copy(route, copy.resolve(route.getFileName()));
        }
        String text = Files.readString(copy.resolve(file));
        assertTrue(text.contains(from), file + " no longer holds '" + from + "': pick another line to break");
        Files.writeString(copy.resolve(file), text.replace(from, to));
        return copy;
    }

    private List<String> problems(Path routes) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> consumed = new TreeSet<>();
        Set<Map.Entry<Path, String>> called = new LinkedHashSet<>();
        for (Path file : routeFiles(routes)) {
            // scalars as text, as the YAML DSL reads them: `constant: true` is the expression "true"
            JsonNode document = JSON.valueToTree(new Load(LoadSettings.builder().setSchema(new FailsafeSchema()).build())
                    .loadFromString(Files.readString(file)));
            for (String error : schemaProblems(document)) {
                problems.add(file.getFileName() + ": " + error);
            }
            walk(document, null, (key, value) -> {
                if (key.equals("from")) {
                    consumed.add(endpoint(value.path("uri").asText()));
                } else if ((key.equals("uri") || key.equals("to") || key.equals("wireTap")) && value.isTextual()) {
                    String uri = value.asText();
                    // patterns of interceptors and dynamic endpoints name no one route
                    if (uri.startsWith("direct:") && !uri.matches(".*[(*$].*")) {
                        called.add(Map.entry(file, endpoint(uri)));
                    }
                } else if ((key.equals("ref") || key.equals("executorService") || key.endsWith("Ref"))
                        && value.isTextual()) {
                    unbound(file, value.asText(), problems);
                } else if (value.isTextual() && value.asText().matches("#[A-Za-z]\\w*")) {
                    unbound(file, value.asText().substring(1), problems);
                }
            });
        }
        for (Map.Entry<Path, String> call : called) {
            if (!consumed.contains(call.getValue())) {
                problems.add(call.getKey().getFileName() + ": no route consumes " + call.getValue());
            }
        }
        return problems;
    }

    /**
     * What the schema finds wrong, once every scalar the YAML DSL converts when it loads (a boolean, a number, a
     * {{placeholder}}: all text to it) has the type the schema asks for.
     */
    private List<String> schemaProblems(JsonNode document) {
        for (int pass = 0; ; pass++) {
            Set<ValidationMessage> errors = schema.validate(document);
            boolean converted = false;
            for (ValidationMessage error : errors) {
                Matcher text = CONVERTIBLE.matcher(error.getMessage());
                if ("type".equals(error.getType()) && text.find()) {
                    converted |= convert(document, error.getInstanceLocation(), text.group(1));
                }
            }
            if (!converted || pass == 20) {
                return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
            }
        }
    }

    private static boolean convert(JsonNode document, JsonNodePath at, String type) {
        JsonNode parent = document;
        for (int i = 0; i < at.getNameCount() - 1; i++) {
            Object step = at.getElement(i);
            parent = step instanceof Integer index ? parent.get(index) : parent.get(step.toString());
        }
        Object last = at.getElement(at.getNameCount() - 1);
        JsonNode value = type.equals("boolean") ? BooleanNode.TRUE : IntNode.valueOf(1);
        if (parent instanceof ArrayNode array && last instanceof Integer index && array.get(index).isTextual()) {
            array.set(index, value);
            return true;
        }
        if (parent instanceof ObjectNode object && object.path(last.toString()).isTextual()) {
            object.set(last.toString(), value);
            return true;
        }
        return false;
    }

    private void unbound(Path file, String name, List<String> problems) {
        if (beans.getRegistry().lookupByName(name) == null) {
            problems.add(file.getFileName() + ": no bean named " + name);
        }
    }

    private static String endpoint(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** Every key and value of every object in the document, depth first. */
    private static void walk(JsonNode node, String key, Visitor visitor) {
        if (key != null) {
            visitor.visit(key, node);
        }
        if (node.isArray()) {
            node.forEach(item -> walk(item, null, visitor));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), field.getKey(), visitor);
            }
        }
    }

    private static List<Path> routeFiles(Path routes) throws IOException {
        try (Stream<Path> files = Files.list(routes)) {
            return files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(String key, JsonNode value);
    }
}
