package dev.verdict.server.mcp;

import dev.verdict.core.Json;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.Scope;
import dev.verdict.server.api.OpenApiDocument;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The MCP tools, read from {@code tools.yaml} beside this class: each stands for a route of the
 * REST API and runs it through {@link Router#invoke} for the caller's token, so a tool answers
 * exactly what its route answers, under the route's guard. Arguments and output schemas come from
 * the OpenAPI document, which tests hold to the real answers.
 */
final class McpTools {
    /** The transport context's key for the caller's token, which {@link McpEndpoint} authenticated. */
    static final String TOKEN = "verdict.access_token";

    /** Path parameters as tools name them: Buildkite's MCP server's names. */
    private static final Map<String, String> ARGUMENT_NAMES = Map.of(
            "org", "org_slug",
            "suite", "test_suite_slug",
            "run", "run_id",
            "test", "test_id",
            "build", "build_uuid");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NEXT = Pattern.compile("[?&]page=(\\d+)[^>]*>; rel=\"next\"");

    /** One tool as read from the catalogue and bound to its route. */
    record Tool(
            McpSchema.Tool definition,
            String method,
            String template,
            Map<String, String> headers,
            List<String> body,
            Optional<Scope> scope,
            boolean list,
            boolean paged) {}

    private final Router router;
    private final List<Tool> tools;

    McpTools(Router router, JsonNode openApi) {
        this.router = router;
        this.tools = read(router, openApi);
    }

    /** The tools with their handlers, for the MCP server. */
    List<SyncToolSpecification> specifications() {
        return tools.stream()
                .map(tool -> SyncToolSpecification.builder()
                        .tool(tool.definition())
                        .callHandler((exchange, request) -> call(tool, exchange, request))
                        .build())
                .toList();
    }

    /** Whether the caller's token may call the tool, so the tool list shows only what it can use. */
    boolean visible(McpTransportContext context, McpSchema.Tool definition) {
        return context.get(TOKEN) instanceof AccessToken token
                && tools.stream()
                        .filter(t -> t.definition().name().equals(definition.name()))
                        .anyMatch(t -> t.scope().map(token::allows).orElse(true));
    }

    private McpSchema.CallToolResult call(
            Tool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        if (!(exchange.transportContext().get(TOKEN) instanceof AccessToken token)) {
            return failure("This session has no API token: send 'Authorization: Bearer <token>' with every request");
        }
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        Reply reply = router.invoke(token, request(tool, token, arguments));
        if (reply.status() >= 400) {
            return failure(message(reply));
        }
        JsonNode body = body(reply);
        ObjectNode structured;
        if (tool.list()) {
            structured = NODES.objectNode();
            structured.set("items", body);
        } else {
            structured = (ObjectNode) body;
        }
        if (tool.paged()) {
            Matcher next = NEXT.matcher(reply.headers().getOrDefault("Link", ""));
            structured.put("next_page", next.find() ? Integer.valueOf(next.group(1)) : null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = Json.MAPPER.convertValue(structured, Map.class);
        return McpSchema.CallToolResult.builder()
                .structuredContent(content)
                .addTextContent(Json.MAPPER.writeValueAsString(structured))
                .isError(false)
                .build();
    }

    /** The route's request for the arguments: path parameters filled in, the rest as query or body. */
    private static Router.Internal request(Tool tool, AccessToken token, Map<String, Object> arguments) {
        String path = tool.template();
        for (Map.Entry<String, String> name : ARGUMENT_NAMES.entrySet()) {
            String placeholder = "{" + name.getKey() + "}";
            if (!path.contains(placeholder)) {
                continue;
            }
            // The input schema holds path arguments to one segment each, so they go in as they are;
            // only org_slug may be left out.
            String text = text(arguments.get(name.getValue()));
            boolean defaulted = text.isBlank() && name.getKey().equals("org");
            path = path.replace(placeholder, defaulted ? token.organization().slug() : text);
        }
        Fields query = new Fields();
        ObjectNode body = NODES.objectNode();
        arguments.forEach((name, value) -> {
            if (value == null || ARGUMENT_NAMES.containsValue(name)) {
                return;
            }
            if (tool.body().contains(name)) {
                body.set(name, Json.MAPPER.valueToTree(value));
            } else {
                query.add(name, text(value));
            }
        });
        HttpFields.Mutable headers = HttpFields.build();
        tool.headers().forEach(headers::put);
        byte[] bytes = tool.body().isEmpty() ? new byte[0] : Json.write(body);
        return new Router.Internal(tool.method(), path, query, headers, bytes);
    }

    /** An argument as a query value: whole numbers without a fraction, as the API reads them. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        return value.toString();
    }

    /** The answer's body as the route writes it (raw JSON fields, such as failure_expanded, included). */
    private static JsonNode body(Reply reply) {
        byte[] json = reply.body() instanceof Reply.Json stored ? stored.utf8() : Json.write(reply.body());
        return Json.MAPPER.readTree(json);
    }

    /** The route's error as the tool's: its message, and for a 422 each problem with its field. */
    private static String message(Reply reply) {
        JsonNode body = body(reply);
        StringBuilder message = new StringBuilder(body.path("message").asString("HTTP " + reply.status()));
        for (JsonNode problem : body.path("errors")) {
            message.append("; ")
                    .append(problem.path("field").asString(""))
                    .append(' ')
                    .append(problem.path("message").asString(""));
        }
        return message.toString();
    }

    static McpSchema.CallToolResult failure(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    /** Reads the catalogue and binds each tool to its route, its scope and its schemas. */
    private static List<Tool> read(Router router, JsonNode openApi) {
        JsonNode catalogue;
        try (InputStream yaml = McpTools.class.getResourceAsStream("tools.yaml")) {
            if (yaml == null) {
                throw new IllegalStateException("tools.yaml is not in the server's jar");
            }
            catalogue = YAMLMapper.shared().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tools.yaml", e);
        }
        OpenApi document = new OpenApi(openApi);
        List<Tool> tools = new ArrayList<>();
        for (JsonNode entry : catalogue) {
            String name = entry.path("name").asString();
            String[] route = entry.path("route").asString().split(" ", 2);
            Guard guard = router.table().stream()
                    .filter(r -> r.method().equals(route[0]) && r.template().equals(route[1]))
                    .map(Router.Declared::guard)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + ": the router has no route " + route[1]));
            if (!(guard instanceof Guard.ApiToken(var scope))) {
                throw new IllegalStateException(name + ": " + route[1] + " is not a route an API token calls");
            }
            JsonNode operation = document.operation(route[0], route[1]);
            List<String> body = strings(entry.path("body"));
            Set<String> required = new LinkedHashSet<>(strings(entry.path("required")));
            ObjectNode input = document.input(operation, route[0], route[1], body, required);
            JsonNode answer = document.inline(operation.path("responses").path("200"));
            JsonNode schema = answer.path("content").path("application/json").path("schema");
            boolean list = schema.path("type").asString("").equals("array");
            boolean paged = answer.path("headers").has("Link");
            Map<String, String> headers = new LinkedHashMap<>();
            entry.path("headers")
                    .properties()
                    .forEach(h -> headers.put(h.getKey(), h.getValue().asString()));
            boolean reads = route[0].equals("GET");
            McpSchema.Tool definition = McpSchema.Tool.builder()
                    .name(name)
                    .title(entry.path("title").asString())
                    .description(entry.path("description").asString())
                    .inputSchema(map(input))
                    .outputSchema(map(output(schema, list, paged)))
                    .annotations(new McpSchema.ToolAnnotations(
                            entry.path("title").asString(), reads, false, true, false, null))
                    .build();
            tools.add(new Tool(definition, route[0], route[1], headers, body, scope, list, paged));
        }
        return List.copyOf(tools);
    }

    /** The answer's schema as a tool's output: an object, a list's items under {@code items}. */
    private static ObjectNode output(JsonNode schema, boolean list, boolean paged) {
        ObjectNode output;
        if (list) {
            output = NODES.objectNode().put("type", "object");
            output.putObject("properties").set("items", schema);
            output.putArray("required").add("items");
        } else {
            output = (ObjectNode) schema.deepCopy();
        }
        if (paged) {
            output.withObject("properties")
                    .putObject("next_page")
                    .put("description", "Call the tool again with this page for the next; null on the last page.")
                    .putArray("type")
                    .add("integer")
                    .add("null");
            output.withArray("required").add("next_page");
        }
        return output;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode schema) {
        return Json.MAPPER.convertValue(schema, Map.class);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** The parts of the OpenAPI document a tool is made of, with every {@code $ref} followed. */
    private record OpenApi(JsonNode document) {
        JsonNode operation(String method, String template) {
            JsonNode operation = pathItem(template).path(method.toLowerCase(java.util.Locale.ROOT));
            if (operation.isMissingNode()) {
                throw new IllegalStateException("openapi.yaml does not describe " + method + " " + template);
            }
            return operation;
        }

        private JsonNode pathItem(String template) {
            return resolve(document.path("paths").path(template));
        }

        /** The tool's arguments: the route's path and query parameters, and the body's named fields. */
        ObjectNode input(JsonNode operation, String method, String template, List<String> body, Set<String> required) {
            ObjectNode properties = NODES.objectNode();
            List<JsonNode> parameters = new ArrayList<>();
            pathItem(template).path("parameters").forEach(parameters::add);
            operation.path("parameters").forEach(parameters::add);
            for (JsonNode given : parameters) {
                JsonNode parameter = resolve(given);
                String in = parameter.path("in").asString();
                if (!in.equals("path") && !in.equals("query")) {
                    continue; // headers are the tool's own to send
                }
                String name = in.equals("path")
                        ? ARGUMENT_NAMES.getOrDefault(
                                parameter.path("name").asString(),
                                parameter.path("name").asString())
                        : parameter.path("name").asString();
                ObjectNode schema =
                        (ObjectNode) inline(parameter.path("schema")).deepCopy();
                if (in.equals("path")) {
                    schema.put("minLength", 1).put("pattern", "^[^/]+$"); // one path segment
                }
                String description = parameter.path("description").asString("");
                if (name.equals("org_slug")) {
                    description = "The organization's slug; the token's own organization unless given.";
                } else if (in.equals("path") || parameter.path("required").asBoolean(false)) {
                    required.add(name);
                }
                if (!description.isEmpty()) {
                    schema.put("description", description);
                }
                properties.set(name, schema);
            }
            if (!body.isEmpty()) {
                JsonNode fields = inline(operation
                                .path("requestBody")
                                .path("content")
                                .path("application/json")
                                .path("schema"))
                        .path("properties");
                for (String field : body) {
                    if (!fields.has(field)) {
                        throw new IllegalStateException(method + " " + template + " takes no body field " + field);
                    }
                    properties.set(field, fields.get(field));
                }
            }
            for (String name : required) {
                if (!properties.has(name)) {
                    throw new IllegalStateException(method + " " + template + " has no parameter " + name);
                }
            }
            ObjectNode input = NODES.objectNode().put("type", "object");
            input.set("properties", properties);
            ArrayNode names = input.putArray("required");
            required.forEach(names::add);
            input.put("additionalProperties", false);
            return input;
        }

        private JsonNode resolve(JsonNode node) {
            return OpenApiDocument.resolve(document, node);
        }

        JsonNode inline(JsonNode node) {
            return OpenApiDocument.inline(document, node);
        }
    }
}
