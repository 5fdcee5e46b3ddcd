package dev.verdict.core.workflows;

import dev.verdict.core.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a delivery sends for an event. The webhook is Buildkite's shape (§14): the {@code subject}
 * test, the workflow, {@code event} ({@code workflow.alarm} or {@code workflow.recover}) and
 * {@code workflow_event} holding the monitor's own fields ({@code type}, {@code timestamp}, scores,
 * thresholds, windows). Slack gets an incoming-webhook message with the test, the reason and links.
 */
public final class Messages {
    private Messages() {}

    /** Where the event's test and workflow are, as the server's public URLs give them. */
    public record Links(String testUrl, String testWebUrl, String workflowUrl, String workflowWebUrl) {}

    public static byte[] body(Action.Type type, WorkflowEvent event, Links links) {
        return Json.write(type == Action.Type.SLACK ? slack(event, links) : webhook(event, links));
    }

    static Map<String, Object> webhook(WorkflowEvent event, Links links) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", "test");
        subject.put("test_id", event.testId().toString());
        subject.put("test_full_name", event.testName());
        subject.put("test_location", event.testLocation());
        subject.put("test_url", links.testWebUrl());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject);
        body.put("workflow_id", event.workflowId().toString());
        body.put("workflow_url", links.workflowWebUrl());
        body.put("event", event.kind().eventName());
        body.put("event_id", event.id().toString());
        body.put("workflow_event", event.detail());
        return body;
    }

    static Map<String, Object> slack(WorkflowEvent event, Links links) {
        String monitor =
                String.valueOf(event.detail().getOrDefault("type", "monitor")).replace('_', ' ');
        String what =
                event.kind() == WorkflowEvent.Kind.ALARM ? ":rotating_light: Alarm" : ":white_check_mark: Recovered";
        String text = what + ": <" + links.testWebUrl() + "|" + slackEscape(event.testName()) + "> (" + monitor
                + reason(event) + "). <" + links.workflowWebUrl() + "|Workflow events>";
        return Map.of(
                "text",
                text,
                "blocks",
                List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text))));
    }

    /** The figure the monitor decided on, when it has one. */
    private static String reason(WorkflowEvent event) {
        Map<String, Object> d = event.detail();
        if (d.get("score") instanceof Number score) {
            return ", score " + String.format(java.util.Locale.ROOT, "%.2f", score.doubleValue());
        }
        if (d.get("p50") instanceof Number p50) {
            return ", p50 " + p50 + " s";
        }
        if (d.get("health") != null) {
            return ", " + d.get("health");
        }
        return "";
    }

    /** Slack's own escaping: {@code & < >} would start entities and links. */
    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
