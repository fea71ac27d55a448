package io.stagingsync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The manifests in deploy/kubernetes against the Kubernetes API schema (fabric8's, from Maven Central), in strict mode
 * like {@code kubectl apply --validate=strict}: an unknown or misspelt field is an error, not silently dropped.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("deploy/kubernetes");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A quantity ("1Gi", 2) and an int-or-string (8080, "http") as JSON has them; fabric8 models them as objects. */
    private static final String QUANTITY = "{\"type\":[\"string\",\"integer\",\"number\"],"
            + "\"pattern\":\"^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$\"}";
    private static final String INT_OR_STRING = "{\"type\":[\"string\",\"integer\"]}";
    /** Draft 7, knowing fabric8's code-generation keywords as annotations only. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory
            .builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7))
            .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .keywords(Stream.of("existingJavaType", "javaType", "javaInterfaces", "javaOmitEmpty",
                            "javaName", "interfaceImpl").map(NonValidationKeyword::new).toList())
                    .build())
            .build();

    @Test
    void everyManifestIsValidAgainstTheKubernetesSchema() throws IOException {
        List<Path> files = manifests();
        assertFalse(files.isEmpty(), "no manifest in " + MANIFESTS);
        for (Path file : files) {
            for (JsonNode document : documents(file)) {
                Set<ValidationMessage> errors = schemaFor(document).validate(document);
                assertTrue(errors.isEmpty(), file + " (" + document.path("kind").asText() + "): " + errors);
            }
        }
    }

    @Test
    void aMisspeltFieldIsRejected() throws IOException {
        JsonNode cronJob = documents(MANIFESTS.resolve("cronjob.yaml")).get(0).deepCopy();
        ((ObjectNode) cronJob.path("spec").path("jobTemplate").path("spec")).put("backofLimit", 0);
        Set<ValidationMessage> errors = schemaFor(cronJob).validate(cronJob);
        assertTrue(errors.toString().contains("backofLimit"), errors.toString());
    }

    @Test
    void theCronJobRunsTheImageAsItsNonRootUserWithItsWritablePaths() throws IOException {
        JsonNode pod = documents(MANIFESTS.resolve("cronjob.yaml")).get(0).path("spec").path("jobTemplate")
                .path("spec").path("template").path("spec");
        assertRunsTheImageAsItIsBuilt(pod, "run");
    }

    @Test
    void theDeploymentServesOneReplicaProbedOnTheHealthEndpoints() throws IOException {
        JsonNode deployment = documents(MANIFESTS.resolve("deployment.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        // two pods at once would both fire the schedule: one replica, and no overlap during a rollout
        assertEquals(1, deployment.path("spec").path("replicas").asInt());
        assertEquals("Recreate", deployment.path("spec").path("strategy").path("type").asText());
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertRunsTheImageAsItIsBuilt(pod, "serve");
        JsonNode container = pod.path("containers").get(0);
        assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt(), "OPS_PORT of the image");
        assertEquals("/observe/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/observe/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    }

    /** USER 10001 in the Dockerfile; /app/reports and /tmp/staging-sync are the image's writable paths. */
    private static void assertRunsTheImageAsItIsBuilt(JsonNode pod, String command) throws IOException {
        assertEquals(10001, pod.path("securityContext").path("runAsUser").asInt());
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("USER 10001"), "the Dockerfile's USER changed: update runAsUser");
        assertTrue(dockerfile.contains("SYNC_REPORT_DIR=/app/reports SYNC_WORK_DIR=/tmp/staging-sync"));
        // Camel's shutdown timeouts (20 s + 5 s) fit in the grace period, so a stopped sync still rolls back
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > 25);
        JsonNode container = pod.path("containers").get(0);
        assertEquals(command, container.path("args").get(0).asText());
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(mount -> mounts.add(mount.path("mountPath").asText()));
        assertEquals(List.of("/tmp/staging-sync", "/app/reports"), mounts);
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))
                .forEach(document -> {
                    if (document != null) {
                        documents.add(JSON.valueToTree(document));
                    }
                });
        return documents;
    }

    /** The schema of the document's apiVersion and kind, every object definition closed to unknown fields. */
    private static JsonSchema schemaFor(JsonNode document) throws IOException {
        ObjectNode schema = null;
        // each fabric8 model jar (batch, apps) holds its own schema/validation-schema.json: one schema of them all
        for (URL part : Collections.list(KubernetesManifestsTest.class.getClassLoader()
                .getResources("schema/validation-schema.json"))) {
            try (InputStream in = part.openStream()) {
                ObjectNode read = (ObjectNode) JSON.readTree(in);
                if (schema == null) {
                    schema = read;
                } else {
                    ((ObjectNode) schema.path("definitions")).setAll((ObjectNode) read.path("definitions"));
                }
            }
        }
        assertNotNull(schema, "fabric8's validation-schema.json is not on the test classpath");
        ObjectNode definitions = (ObjectNode) schema.path("definitions");
        String apiVersion = document.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String kind = document.path("kind").asText();
        // fabric8 names the stable version of core and apps without it: kubernetes_apps_Deployment
        String definition = Stream.of("kubernetes_" + group + "_" + version + "_" + kind,
                "kubernetes_" + group + "_" + kind).filter(definitions::has).findFirst().orElse(null);
        assertNotNull(definition, "no schema for " + apiVersion + " " + kind);
        for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().endsWith("_Quantity")) {
                entry.setValue(JSON.readTree(QUANTITY));
            } else if (entry.getKey().endsWith("_IntOrString")) {
                entry.setValue(JSON.readTree(INT_OR_STRING));
            } else if (entry.getValue().has("properties")) {
                ((ObjectNode) entry.getValue()).put("additionalProperties", false);
            }
        }
        // draft-04 leftovers that a draft-07 validator refuses
        schema.remove(List.of("id", "properties", "$module", "resources"));
        schema.put("$ref", "#/definitions/" + definition);
        return FACTORY.getSchema(schema);
    }
}
