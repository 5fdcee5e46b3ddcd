package dev.verdict.core.plans;

import dev.verdict.core.Json;
import dev.verdict.core.TestPaths;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestState;
import dev.verdict.core.tests.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Durations are the medians of each file's recent runs ({@link FileTiming}), on the plan's
 * branch, then the default branch ({@link FileTimings}); a file with no history gets the default
 * and says it has no samples, as bktec expects.
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
    public Optional<PlanJson> find(UUID suiteId, String identifier, Instant now) {
        return plans.find(suiteId, identifier, now);
    }

    /** The plan for the request: the one kept for its identifier, else a new one, kept. */
    public PlanJson plan(Suite suite, PlanRequest request, Instant now) {
        Optional<PlanJson> kept = plans.find(suite.id(), request.identifier(), now);
        if (kept.isPresent()) {
            return kept.get();
        }
        Made made = make(suite, request, now);
        return plans.createIfAbsent(
                suite.id(),
                request.identifier(),
                new PlanJson(Json.MAPPER.writeValueAsBytes(made.plan())),
                request.branch(),
                made.predicted(),
                now,
                now.plus(KEPT));
    }

    /** Records what a node took (bktec's run report); false when its plan or node is unknown. */
    public boolean report(Suite suite, NodeReport report, Instant now) {
        return plans.reportNode(suite.id(), report.identifier(), report.node(), report.actualMs(), now);
    }

    /** The suite's plans, newest first, each with its nodes' predicted and reported durations. */
    public Page<PlanRecord> history(Suite suite, java.util.Optional<String> identifier, PageRequest page) {
        return plans.history(suite.id(), identifier, page);
    }

    /**
     * Which of {@code paths} bktec should split by example, as sent (it takes the files it gets
     * back out of its list by equality), each with the reason: those holding a skipped test, so
     * that the plan can leave the skipped examples out, and those slower than a node's share of
     * the work, so that they do not make one node the last to finish. A node's share is the
     * target time when one is set, else the files' total over the build's {@code nodes}.
     */
    public Map<String, String> filesToSplit(
            Suite suite, List<String> paths, double targetSeconds, int nodes, Instant now) {
        Set<String> skippedFiles = new HashSet<>();
        for (Test t : quarantined(suite.id(), TestState.SKIPPED)) {
            for (String path : new String[] {t.fileName(), t.location()}) {
                if (path != null) {
                    skippedFiles.add(TestPaths.withoutLine(TestPaths.withoutDotSlash(path)));
                }
            }
        }
        FileTimings timings = timings(suite, suite.fields().defaultBranch(), now);
        long[] durations = new long[paths.size()];
        long total = 0;
        for (int i = 0; i < paths.size(); i++) {
            durations[i] =
                    timings.find(paths.get(i), "").map(FileTiming.Median::ms).orElse(DEFAULT_DURATION_MS);
            total += durations[i];
        }
        double share = targetSeconds > 0 ? targetSeconds * 1000 : nodes > 1 ? (double) total / nodes : Double.MAX_VALUE;
        Map<String, String> split = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (skippedFiles.contains(TestPaths.withoutDotSlash(path))) {
                split.put(path, "file contains 1 or more skipped tests");
            } else if (durations[i] > share) {
                split.put(path, "file takes longer than a node's share of the run");
            }
        }
        return split;
    }

    /** Older clients' timings: each path's recorded duration on the default branch, for known files only. */
    public Map<String, Long> knownTimings(Suite suite, List<String> paths, Instant now) {
        FileTimings timings = timings(suite, suite.fields().defaultBranch(), now);
        Map<String, Long> known = new LinkedHashMap<>();
        for (String path : paths) {
            timings.find(path, "").ifPresent(t -> known.put(path, t.ms()));
        }
        return known;
    }

    /** The timings a plan reads, with every upload processed before it was asked for counted. */
    private FileTimings timings(Suite suite, String branch, Instant now) {
        plans.foldTimings(suite.id(), now);
        String defaultBranch = suite.fields().defaultBranch();
        Map<String, FileTiming.Median> onDefault = plans.timings(suite.id(), defaultBranch);
        Map<String, FileTiming.Median> onBranch = branch == null || branch.isEmpty() || branch.equals(defaultBranch)
                ? Map.of()
                : plans.timings(suite.id(), branch);
        return new FileTimings(onBranch, onDefault);
    }

    /** An entry's estimate: its duration in milliseconds, and how many runs it is the median of. */
    private record Estimate(long ms, int samples) {}

    /** A plan as answered, and what it predicts each node takes (ms). */
    private record Made(Map<String, Object> plan, List<Long> predicted) {}

    private Made make(Suite suite, PlanRequest request, Instant now) {
        List<Test> muted = quarantined(suite.id(), TestState.MUTED);
        List<Test> skipped = quarantined(suite.id(), TestState.SKIPPED);
        Set<String> skippedKeys = new HashSet<>();
        skipped.forEach(t -> skippedKeys.add(t.scope() + "\n" + t.name()));
        List<PlanRequest.Item> items = new ArrayList<>();
        for (PlanRequest.Item item : request.tests()) {
            if (item.format() != PlanRequest.Format.EXAMPLE
                    || !skippedKeys.contains(item.scope() + "\n" + item.name())) {
                items.add(item);
            }
        }
        Estimate[] estimates = estimate(items, timings(suite, request.branch(), now), request.locationPrefix());
        long[] durations = new long[items.size()];
        int known = 0;
        for (int i = 0; i < items.size(); i++) {
            durations[i] = estimates[i].ms();
            known += estimates[i].samples() > 0 ? 1 : 0;
        }
        int nodes = parallelism(request, durations);
        Planner.Packing packing = Planner.pack(durations, nodes);
        Map<String, Object> tasks = new LinkedHashMap<>();
        List<Long> predicted = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            List<Map<String, Object>> entries = new ArrayList<>();
            long load = 0;
            for (int i : packing.nodes().get(n)) {
                entries.add(entry(items.get(i), estimates[i]));
                load += estimates[i].ms();
            }
            predicted.add(load);
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("node_number", n);
            task.put("tests", entries);
            tasks.put(String.valueOf(n), task);
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
        plan.put("timing_metadata", timingMetadata(items, estimates));
        plan.put("known_timings_ratio", items.isEmpty() ? 0.0 : (double) known / items.size());
        return new Made(plan, predicted);
    }

    /**
     * Each item's estimate from the recorded timings: a selector's or file's median; an example's
     * share of its file's median (the file's examples in the request split it evenly), since
     * durations are recorded by file. Items with no history get the default.
     */
    private static Estimate[] estimate(List<PlanRequest.Item> items, FileTimings timings, String locationPrefix) {
        Estimate[] estimates = new Estimate[items.size()];
        Map<String, Integer> examplesOfFile = new HashMap<>();
        for (PlanRequest.Item item : items) {
            if (item.format() == PlanRequest.Format.EXAMPLE) {
                examplesOfFile.merge(exampleFile(item.text()), 1, Integer::sum);
            }
        }
        for (int i = 0; i < items.size(); i++) {
            PlanRequest.Item item = items.get(i);
            boolean example = item.format() == PlanRequest.Format.EXAMPLE;
            String file = example ? exampleFile(item.text()) : item.text();
            Optional<FileTiming.Median> timing = timings.find(file, locationPrefix);
            estimates[i] = timing.map(t -> new Estimate(
                            example ? Math.max(1, t.ms() / examplesOfFile.get(file)) : t.ms(), t.samples()))
                    .orElse(new Estimate(DEFAULT_DURATION_MS, 0));
        }
        return estimates;
    }

    /**
     * The file of an example as bktec names it: rspec's {@code spec/a_spec.rb[1:2]}, pytest's
     * {@code tests/test_cart.py::test_apply_coupon}, cucumber's {@code features/a.feature:12}.
     */
    static String exampleFile(String path) {
        int cut = path.indexOf("::");
        if (cut < 0) {
            cut = path.indexOf('[');
        }
        return TestPaths.withoutLine(cut > 0 ? path.substring(0, cut) : path);
    }

    /**
     * Per format in the plan, the median of the estimates with history (null when none has
     * any: bktec then says it used default durations) and the default.
     */
    private static Map<String, Object> timingMetadata(List<PlanRequest.Item> items, Estimate[] estimates) {
        Map<String, List<Long>> known = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            List<Long> ms = known.computeIfAbsent(items.get(i).format().wireName(), f -> new ArrayList<>());
            if (estimates[i].samples() > 0) {
                ms.add(estimates[i].ms());
            }
        }
        Map<String, Object> timing = new LinkedHashMap<>();
        known.forEach((format, ms) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("median_duration", ms.isEmpty() ? null : median(ms));
            entry.put("default_duration", DEFAULT_DURATION_MS);
            timing.put(format, entry);
        });
        return timing;
    }

    private static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
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

    private static Map<String, Object> entry(PlanRequest.Item item, Estimate estimate) {
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
        entry.put("estimated_duration", estimate.ms());
        entry.put("timing_sample_size", estimate.samples());
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
