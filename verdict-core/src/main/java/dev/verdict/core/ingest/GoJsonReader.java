package dev.verdict.core.ingest;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the event stream {@code go test -json} writes, one JSON object a line (format
 * {@code go-jsonl}; gotestsum's {@code --jsonfile} is the same stream). Mapping: {@code Package} →
 * scope, {@code Test} (subtests as {@code TestA/case}) → name, {@code Elapsed} → duration
 * (seconds); {@code pass} → passed, {@code fail} → failed, {@code skip} → skipped; a test that
 * started and never ended (a panic or timeout failed its package) → failed. The test's output,
 * without the runner's own {@code ===}/{@code ---} lines, → failure_expanded, its first line →
 * failure_reason, and the first {@code file_test.go:line:} it names → file_name and location.
 */
public final class GoJsonReader {
    private static final Pattern SOURCE = Pattern.compile("^\\s*([\\w./-]+_test\\.go):(\\d+):");
    private static final Pattern RUNNER_LINE =
            Pattern.compile("^\\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP)).*");

    private record Running(String pkg, String test, List<String> output) {}

    private GoJsonReader() {}

    public static void read(InputStream stream, UploadBuilder upload) {
        Map<String, Running> running = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        try {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event;
                try {
                    event = Json.MAPPER.readTree(line);
                } catch (JacksonException e) {
                    throw new BadRequest("data is not a go test -json stream: line " + number + " is not valid JSON: "
                            + e.getOriginalMessage());
                }
                if (!event.isObject()) {
                    throw new BadRequest(
                            "data is not a go test -json stream: line " + number + " is not a JSON object");
                }
                String test = JsonReports.text(event.get("Test"));
                if (test == null) {
                    continue; // package-level events: build output, the package's own pass or fail
                }
                String pkg = String.valueOf(JsonReports.text(event.get("Package")));
                String key = pkg + '\u0000' + test;
                String action = String.valueOf(JsonReports.text(event.get("Action")));
                Running current = running.computeIfAbsent(key, k -> new Running(pkg, test, new ArrayList<>()));
                switch (action) {
                    case "output" -> {
                        String output = JsonReports.text(event.get("Output"));
                        if (output != null) {
                            output.lines().forEach(current.output()::add);
                        }
                    }
                    case "pass", "fail", "skip" -> {
                        running.remove(key);
                        Result result = action.equals("pass")
                                ? Result.PASSED
                                : action.equals("fail") ? Result.FAILED : Result.SKIPPED;
                        JsonNode elapsed = event.get("Elapsed");
                        upload.result(result(
                                current, result, elapsed != null && elapsed.isNumber() ? elapsed.asDouble() : null));
                    }
                    default -> {
                        // run, pause, cont, bench, start: nothing to record
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Running unfinished : running.values()) {
            upload.result(result(unfinished, Result.FAILED, null));
        }
    }

    private static TestResult result(Running test, Result result, Double seconds) {
        List<String> output = test.output().stream()
                .filter(l -> !RUNNER_LINE.matcher(l).matches())
                .map(JsonReports::clean)
                .toList();
        String file = null;
        String location = null;
        for (String line : output) {
            Matcher source = SOURCE.matcher(line);
            if (source.find()) {
                file = source.group(1);
                location = file + ":" + source.group(2);
                break;
            }
        }
        boolean failed = result == Result.FAILED;
        String reason = failed ? JsonReports.firstLine(String.join("\n", output)) : null;
        if (failed && reason == null) {
            reason = seconds == null ? "did not finish: its package failed first" : "failed";
        }
        return new TestResult(
                test.pkg(),
                test.test(),
                location,
                file,
                result,
                reason,
                failed && !output.isEmpty() ? JunitReader.failureExpanded(output) : null,
                seconds,
                null,
                Map.of());
    }
}
