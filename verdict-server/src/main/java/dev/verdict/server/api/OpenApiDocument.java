package dev.verdict.server.api;

import dev.verdict.core.plans.PlanJson;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code GET /v2/openapi.json}: the OpenAPI 3.1 document of every route, written by hand in
 * {@code openapi.yaml} beside this class (a test fails when a route of the router is missing from
 * it, and checks real answers against its schemas), served as JSON with this server's public URL.
 */
public final class OpenApiDocument {
    private final ObjectNode document;
    private final PlanJson json;

    public OpenApiDocument(String publicUrl) {
        this.document = read();
        document.withArray("servers").removeAll().addObject().put("url", publicUrl);
        this.json = new PlanJson(JsonMapper.shared().writeValueAsBytes(document));
    }

    /** The document, read once: what the MCP tools take their arguments and output schemas from. */
    public JsonNode document() {
        return document;
    }

    /** Follows a {@code $ref} within {@code document}, and the ref that names, to what it names. */
    public static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            at = document.at(at.get("$ref").asString().substring(1));
        }
        return at;
    }

    /**
     * {@code node} with every {@code $ref} replaced by what it names, so it stands alone (as a JSON
     * schema must, outside the document); what stands beside a ref (OpenAPI 3.1 allows a
     * description there) is kept.
     */
    public static JsonNode inline(JsonNode document, JsonNode node) {
        JsonNode resolved = resolve(document, node);
        if (resolved.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            resolved.properties().forEach(field -> copy.set(field.getKey(), inline(document, field.getValue())));
            if (resolved != node) {
                node.properties().forEach(field -> {
                    if (!field.getKey().equals("$ref")) {
                        copy.set(field.getKey(), inline(document, field.getValue()));
                    }
                });
            }
            return copy;
        }
        if (resolved.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            resolved.forEach(e -> copy.add(inline(document, e)));
            return copy;
        }
        return resolved;
    }

    private static ObjectNode read() {
        try (InputStream yaml = OpenApiDocument.class.getResourceAsStream("openapi.yaml")) {
            if (yaml == null) {
                throw new IllegalStateException("openapi.yaml is not in the server's jar");
            }
            return (ObjectNode) YAMLMapper.shared().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml", e);
        }
    }

    public void routes(Router router) {
        router.add("GET", "/v2/openapi.json", Guard.open(), call -> Reply.okJson(json.utf8(), json::gzip));
    }
}
