package dev.verdict.server.api;

import dev.verdict.core.plans.PlanJson;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code GET /v2/openapi.json}: the OpenAPI 3.1 document of every route, written by hand in
 * {@code openapi.yaml} beside this class (a test fails when a route of the router is missing from
 * it, and checks real answers against its schemas), served as JSON with this server's public URL.
 */
public final class OpenApiDocument {
    private final PlanJson json;

    public OpenApiDocument(String publicUrl) {
        ObjectNode document = read();
        document.withArray("servers").removeAll().addObject().put("url", publicUrl);
        this.json = new PlanJson(JsonMapper.shared().writeValueAsBytes(document));
    }

    /** The document as written: what the MCP tools take their arguments and output schemas from. */
    public static ObjectNode read() {
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
