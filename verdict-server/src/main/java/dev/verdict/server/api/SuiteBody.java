package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.Validation;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.server.http.Flags;
import tools.jackson.databind.JsonNode;

/**
 * Reads a suite create or update body. Every field is optional on the wire: fields absent keep the
 * value in {@code base} (nothing, on create), and the rules in {@link SuiteFields#validate()} decide
 * what is required.
 */
record SuiteBody(SuiteFields fields, boolean showApiToken) {

    static SuiteBody read(JsonNode body, SuiteFields base) {
        if (!body.isObject()) {
            throw new BadRequest("request body must be a JSON object, not "
                    + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        Validation.Collector problems = new Validation.Collector();
        SuiteFields fields = new SuiteFields(
                string(body, "name", base.name(), problems),
                string(body, "default_branch", base.defaultBranch(), problems),
                string(body, "application_name", base.applicationName(), problems),
                string(body, "color", base.color(), problems),
                string(body, "emoji", base.emoji(), problems),
                oidcPolicy(body, base.oidcPolicy(), problems));
        // Verdict has no teams yet: team ids are checked for shape and otherwise ignored. Buildkite's
        // docs spell the field both ways, so both are read.
        teamIds(body, "team_ids", problems);
        teamIds(body, "teams_ids", problems);
        boolean show = showApiToken(body, problems);
        problems.throwIfAny();
        return new SuiteBody(fields, show);
    }

    private static String string(JsonNode body, String field, String absent, Validation.Collector problems) {
        JsonNode node = body.get(field);
        if (node == null) {
            return absent;
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            problems.add(field, "invalid", "must be a string");
            return absent;
        }
        return node.stringValue();
    }

    /** A YAML document as a string, or an array of policy statements; kept as JSON text. */
    private static String oidcPolicy(JsonNode body, String absent, Validation.Collector problems) {
        JsonNode node = body.get("oidc_policy");
        if (node == null) {
            return absent;
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isArray()) {
            problems.add("oidc_policy", "invalid", "must be a YAML string, an array of policy statements or null");
            return absent;
        }
        return new String(Json.write(node), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void teamIds(JsonNode body, String field, Validation.Collector problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray() || !node.valueStream().allMatch(JsonNode::isString)) {
            problems.add(field, "invalid", "must be an array of team UUID strings");
        }
    }

    private static boolean showApiToken(JsonNode body, Validation.Collector problems) {
        JsonNode node = body.get("show_api_token");
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            try {
                return Flags.parse("show_api_token", node.stringValue());
            } catch (BadRequest e) {
                problems.add("show_api_token", "invalid", "must be true or false");
                return false;
            }
        }
        problems.add("show_api_token", "invalid", "must be true or false");
        return false;
    }
}
