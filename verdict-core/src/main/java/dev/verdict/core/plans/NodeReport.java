package dev.verdict.core.plans;

import dev.verdict.core.BadRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What one node of a plan took, from bktec's run report ({@code POST test_plan_metadata}): its
 * plan by {@code env.BUILDKITE_TEST_ENGINE_IDENTIFIER}, the node by {@code
 * env.BUILDKITE_PARALLEL_JOB}, and the time from the first event of its {@code timeline} to the
 * last, retries included: how long the node kept the build waiting for its tests.
 */
public record NodeReport(String identifier, int node, long actualMs) {
    /** Timeline events read at most: bktec sends a start and an end per attempt. */
    static final int MAX_EVENTS = 1_000;

    /**
     * The report's node and duration; empty for a report that names no plan, node or timeline
     * (bktec is answered 200 all the same). A field of the wrong kind is a {@link BadRequest}.
     */
    public static Optional<NodeReport> read(JsonNode body) {
        if (!body.isObject()) {
            throw new BadRequest("test plan metadata must be a JSON object");
        }
        JsonNode env = body.path("env");
        JsonNode identifier = env.get("BUILDKITE_TEST_ENGINE_IDENTIFIER");
        JsonNode node = env.get("BUILDKITE_PARALLEL_JOB");
        JsonNode timeline = body.get("timeline");
        if (identifier == null || node == null || timeline == null || timeline.isNull()) {
            return Optional.empty();
        }
        if (!identifier.isString() || identifier.stringValue().length() > PlanRequest.MAX_TEXT) {
            throw new BadRequest("env.BUILDKITE_TEST_ENGINE_IDENTIFIER must be a plan's identifier");
        }
        int number = node.isIntegralNumber() ? node.intValue() : parse(node.asString(""));
        if (number < 0 || number >= PlanRequest.MAX_PARALLELISM) {
            throw new BadRequest(
                    "env.BUILDKITE_PARALLEL_JOB must be a node number from 0 to " + (PlanRequest.MAX_PARALLELISM - 1));
        }
        if (!timeline.isArray() || timeline.size() > MAX_EVENTS) {
            throw new BadRequest("timeline must be an array of at most " + MAX_EVENTS + " {timestamp, event}");
        }
        Instant first = null;
        Instant last = null;
        for (int i = 0; i < timeline.size(); i++) {
            JsonNode at = timeline.get(i).get("timestamp");
            Instant when;
            try {
                when = at == null || !at.isString() ? null : Instant.parse(at.stringValue());
            } catch (DateTimeParseException e) {
                when = null;
            }
            if (when == null) {
                throw new BadRequest("timeline[" + i + "].timestamp must be an RFC 3339 time");
            }
            first = first == null || when.isBefore(first) ? when : first;
            last = last == null || when.isAfter(last) ? when : last;
        }
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(new NodeReport(
                identifier.stringValue(), number, Duration.between(first, last).toMillis()));
    }

    private static int parse(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
