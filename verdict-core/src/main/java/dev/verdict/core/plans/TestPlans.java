package dev.verdict.core.plans;

import dev.verdict.core.Json;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestState;
import dev.verdict.core.tests.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Test plans for {@code bktec}: the tests a request names spread over its nodes by {@link
 * Planner}, every node present even when empty (bktec fails on a missing one), the suite's muted
 * and skipped tests beside them, and skipped examples left out. A plan is made once per identifier
 * and kept for {@link #KEPT}: a retried job, or the other nodes, get the very same answer.
 *
 * <p>Durations are the defaults until the suite's timings are known; every entry then says it has
 * no samples, as bktec expects of a plan without history.
 */
public final class TestPlans {
    public static final Duration KEPT = Duration.ofDays(1);
    /** The duration of a test with no history, in milliseconds, as Buildkite's plans give it. */
    public static final long DEFAULT_DURATION_MS = 1000;
    /** Quarantined tests read into one plan at most. */
    static final int MAX_QUARANTINED = 10_000;

    private final PlanStore plans;
    private final TestStore tests;

    public TestPlans(PlanStore plans, TestStore tests) {
        this.plans = plans;
        this.tests = tests;
    }

    /** The plan kept for the identifier, as it was first answered. */
    public Optional<String> find(UUID suiteId, String identifier, Instant now) {
        return plans.find(suiteId, identifier, now);
    }

    /** The plan for the request: the one kept for its identifier, else a new one, kept. */
    public String plan(UUID suiteId, PlanRequest request, Instant now) {
        Optional<String> kept = plans.find(suiteId, request.identifier(), now);
        if (kept.isPresent()) {
            return kept.get();
        }
        String plan = Json.MAPPER.writeValueAsString(make(suiteId, request));
        return plans.createIfAbsent(suiteId, request.identifier(), plan, now, now.plus(KEPT));
    }

    /**
     * Which of {@code paths} hold a skipped test, as sent (bktec takes the files it gets back out
     * of its list by equality): bktec splits them by example, so the plan can leave the skipped
     * examples out. A test's file is its file name, else its location without the line; both sides
     * are compared without a leading {@code ./}.
     */
    public List<String> filesWithSkippedTests(UUID suiteId, List<String> paths) {
        Set<String> files = new HashSet<>();
        for (Test t : quarantined(suiteId, TestState.SKIPPED)) {
            for (String path : new String[] {t.fileName(), t.location()}) {
                if (path != null) {
                    files.add(withoutLine(withoutDotSlash(path)));
                }
            }
        }
        return paths.stream().filter(p -> files.contains(withoutDotSlash(p))).toList();
    }

    private static String withoutDotSlash(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    private static String withoutLine(String location) {
        int colon = location.lastIndexOf(':');
        return colon > 0
                        && colon < location.length() - 1
                        && location.substring(colon + 1).chars().allMatch(Character::isDigit)
                ? location.substring(0, colon)
                : location;
    }

    private Map<String, Object> make(UUID suiteId, PlanRequest request) {
        List<Test> muted = quarantined(suiteId, TestState.MUTED);
        List<Test> skipped = quarantined(suiteId, TestState.SKIPPED);
        Set<String> skippedKeys = new HashSet<>();
        skipped.forEach(t -> skippedKeys.add(t.scope() + "\n" + t.name()));
        List<PlanRequest.Item> items = new ArrayList<>();
        for (PlanRequest.Item item : request.tests()) {
            if (item.format() != PlanRequest.Format.EXAMPLE
                    || !skippedKeys.contains(item.scope() + "\n" + item.name())) {
                items.add(item);
            }
        }
        long[] durations = new long[items.size()];
        java.util.Arrays.fill(durations, DEFAULT_DURATION_MS);
        int nodes = parallelism(request, durations);
        Planner.Packing packing = Planner.pack(durations, nodes);
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (int n = 0; n < nodes; n++) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int i : packing.nodes().get(n)) {
                entries.add(entry(items.get(i), durations[i]));
            }
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("node_number", n);
            task.put("tests", entries);
            tasks.put(String.valueOf(n), task);
        }
        Map<String, Object> timing = new LinkedHashMap<>();
        for (PlanRequest.Item item : items) {
            timing.computeIfAbsent(item.format().wireName(), f -> {
                Map<String, Object> format = new LinkedHashMap<>();
                format.put("median_duration", null);
                format.put("default_duration", DEFAULT_DURATION_MS);
                return format;
            });
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("identifier", request.identifier());
        plan.put("parallelism", nodes);
        plan.put("experiment", "");
        plan.put("tasks", tasks);
        plan.put("muted_tests", muted.stream().map(TestPlans::quarantinedEntry).toList());
        plan.put(
                "skipped_tests",
                skipped.stream().map(TestPlans::quarantinedEntry).toList());
        plan.put("timing_metadata", timing);
        plan.put("known_timings_ratio", 0.0);
        return plan;
    }

    /**
     * The nodes to plan for: as asked, or, with a target time and a most, as many as the target
     * needs (never fewer than one, never more than the most).
     */
    static int parallelism(PlanRequest request, long[] durations) {
        if (request.maxParallelism() > 0 && request.targetTimeSeconds() > 0) {
            long total = 0;
            for (long d : durations) {
                total += d;
            }
            long needed = (long) Math.ceil(total / (request.targetTimeSeconds() * 1000));
            return (int) Math.max(1, Math.min(request.maxParallelism(), needed));
        }
        return request.parallelism() > 0 ? request.parallelism() : request.maxParallelism();
    }

    private static Map<String, Object> entry(PlanRequest.Item item, long durationMs) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (item.format() == PlanRequest.Format.SELECTOR) {
            entry.put("value", item.text());
        } else {
            entry.put("path", item.text());
        }
        entry.put("format", item.format().wireName());
        if (item.format() == PlanRequest.Format.EXAMPLE) {
            entry.put("identifier", item.identifier());
            entry.put("scope", item.scope());
            entry.put("name", item.name());
        }
        entry.put("estimated_duration", durationMs);
        entry.put("timing_sample_size", 0);
        return entry;
    }

    /** bktec matches a muted test's failures by {@code scope + "/" + name}; path is for display. */
    private static Map<String, Object> quarantinedEntry(Test test) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", test.fileName() != null ? test.fileName() : test.location() != null ? test.location() : "");
        entry.put("scope", test.scope());
        entry.put("name", test.name());
        entry.put("format", "example");
        return entry;
    }

    private List<Test> quarantined(UUID suiteId, TestState state) {
        List<Test> found = new ArrayList<>();
        for (int page = 1; found.size() < MAX_QUARANTINED; page++) {
            Page<Test> tests = this.tests.withState(suiteId, state, new PageRequest(page, PageRequest.MAX_PER_PAGE));
            found.addAll(tests.items());
            if (!tests.hasNext()) {
                break;
            }
        }
        return found;
    }
}
