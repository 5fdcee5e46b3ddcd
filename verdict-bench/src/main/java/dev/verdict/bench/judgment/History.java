package dev.verdict.bench.judgment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated CI history with its ground truth: the suite's tests, what each really is
 * ({@code truths}, by test index), and the builds in the order they ran.
 */
public record History(
        HistoryGenerator.Parameters parameters, List<TestCase> tests, List<Truth> truths, List<Build> builds) {
    public History {
        tests = List.copyOf(tests);
        truths = List.copyOf(truths);
        builds = List.copyOf(builds);
        if (tests.size() != truths.size()) {
            throw new IllegalArgumentException("one truth per test");
        }
    }

    public long count(TestClass kind) {
        return truths.stream().filter(t -> t.kind() == kind).count();
    }

    public long outageVictims() {
        return truths.stream()
                .filter(t -> t.category().equals(Truth.OUTAGE_VICTIM))
                .count();
    }

    public long retries() {
        return builds.stream().filter(Build::retry).count();
    }

    public long outageBuilds() {
        return builds.stream().filter(Build::outage).count();
    }

    public long branches() {
        return builds.stream().map(Build::branch).distinct().count();
    }

    /** What the history holds, by name, in the order they print; counts add up across seeds. */
    public Map<String, Long> figures() {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("history_tests", (long) tests.size());
        figures.put("history_builds", (long) builds.size());
        figures.put("history_retried_builds", retries());
        figures.put("history_outage_builds", outageBuilds());
        figures.put("history_branches", branches());
        figures.put(
                "history_executions",
                builds.stream()
                        .flatMap(b -> b.jobs().stream())
                        .mapToLong(j -> j.executions().size())
                        .sum());
        for (TestClass kind : TestClass.values()) {
            figures.put("truth." + kind.label(), count(kind));
        }
        figures.put(
                "truth.flaky_with_evidence",
                truths.stream()
                        .filter(t -> t.kind() == TestClass.FLAKY && t.evidence())
                        .count());
        figures.put("truth.outage_victims", outageVictims());
        figures.put(
                "truth.broken_and_flaky",
                truths.stream().filter(Truth::brokenAndFlaky).count());
        figures.put(
                "truth.undecidable", truths.stream().filter(t -> !t.decidable()).count());
        return figures;
    }
}
