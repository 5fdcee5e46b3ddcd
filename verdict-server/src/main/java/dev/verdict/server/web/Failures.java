package dev.verdict.server.web;

import dev.verdict.core.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** A failure's stored JSON (expanded lines, backtrace, printed output) as text a page shows. */
public final class Failures {
    private Failures() {}

    /** What to show when a failure is opened; empty lists for what was not sent. */
    public record Details(List<String> expanded, List<String> backtrace, String stdout, String stderr) {
        public boolean any() {
            return !expanded.isEmpty() || !backtrace.isEmpty() || stdout != null || stderr != null;
        }
    }

    static Details details(String failureExpanded, String output) {
        List<String> expanded = new ArrayList<>();
        List<String> backtrace = new ArrayList<>();
        for (JsonNode item : parse(failureExpanded)) {
            item.path("expanded").forEach(line -> expanded.add(line.asString()));
            item.path("backtrace").forEach(line -> backtrace.add(line.asString()));
        }
        JsonNode printed = parse(output);
        return new Details(
                expanded,
                backtrace,
                printed.path("stdout").isString() ? printed.path("stdout").stringValue() : null,
                printed.path("stderr").isString() ? printed.path("stderr").stringValue() : null);
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return Json.MAPPER.missingNode();
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            return Json.MAPPER.missingNode();
        }
    }
}
