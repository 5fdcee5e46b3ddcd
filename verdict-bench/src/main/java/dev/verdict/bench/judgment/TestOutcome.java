package dev.verdict.bench.judgment;

import java.util.ArrayList;
import java.util.List;

/**
 * One test's truth beside what the server said of it over a whole replay.
 *
 * @param category the test's class for counting false labels ({@link Truth#category()})
 * @param kind what the test really is
 * @param evidence whether the history showed what it is (see {@link Truth#firstEvidence()})
 * @param labelledFlaky whether its health was {@code flaky} after any build
 * @param labelledBroken whether its health was {@code broken} after any build
 * @param flakyDelay for a flaky test (or a broken one flaky too): builds from its first flaky
 *     evidence to the first build after which it read flaky; -1 when it never did from then on
 * @param brokenDelay for a broken test: builds of its branch from its first failing build to the
 *     first after which it read broken (other branches' builds cannot tell); -1 when it never did
 * @param flaky whether it is flaky ({@link Truth#flaky()}): a flaky label on it is right
 * @param flakyEvidence whether its flakiness showed so that a judge could tell (see {@link
 *     Truth#firstFlakyEvidence()})
 * @param decidable whether the history could tell what it is ({@link Truth#decidable()}); the
 *     scores leave it out when not
 */
public record TestOutcome(
        String category,
        TestClass kind,
        boolean evidence,
        boolean labelledFlaky,
        boolean labelledBroken,
        int flakyDelay,
        int brokenDelay,
        boolean flaky,
        boolean flakyEvidence,
        boolean decidable) {

    /** A decidable test that is flaky only if its kind is. */
    public TestOutcome(
            String category,
            TestClass kind,
            boolean evidence,
            boolean labelledFlaky,
            boolean labelledBroken,
            int flakyDelay,
            int brokenDelay) {
        this(
                category,
                kind,
                evidence,
                labelledFlaky,
                labelledBroken,
                flakyDelay,
                brokenDelay,
                kind == TestClass.FLAKY,
                kind == TestClass.FLAKY && evidence,
                true);
    }

    /** Every test's outcome in one replay. */
    public static List<TestOutcome> of(History history, Observations observations) {
        if (observations.builds() != history.builds().size()) {
            throw new IllegalArgumentException("one observation per build");
        }
        List<TestOutcome> outcomes = new ArrayList<>();
        for (int t = 0; t < history.tests().size(); t++) {
            outcomes.add(of(history, observations, t));
        }
        return outcomes;
    }

    private static TestOutcome of(History history, Observations observations, int test) {
        Truth truth = history.truths().get(test);
        boolean flaky = false;
        boolean broken = false;
        int flakyFrom = -1;
        int brokenFrom = -1;
        for (int b = 0; b < observations.builds(); b++) {
            Health health = observations.health(b, test);
            if (health == Health.FLAKY) {
                flaky = true;
                if (truth.firstFlakyEvidence() >= 0 && b >= truth.firstFlakyEvidence() && flakyFrom < 0) {
                    flakyFrom = b;
                }
            } else if (health == Health.BROKEN) {
                broken = true;
                if (truth.evidence() && b >= truth.firstEvidence() && brokenFrom < 0) {
                    brokenFrom = b;
                }
            }
        }
        int flakyDelay = truth.flaky() && flakyFrom >= 0 ? flakyFrom - truth.firstFlakyEvidence() : -1;
        int brokenDelay = -1;
        if (truth.kind() == TestClass.BROKEN && brokenFrom >= 0) {
            brokenDelay = 0;
            for (int b = truth.firstEvidence() + 1; b <= brokenFrom; b++) {
                if (history.builds().get(b).branch().equals(truth.brokenBranch())) {
                    brokenDelay++;
                }
            }
        }
        return new TestOutcome(
                truth.category(),
                truth.kind(),
                truth.evidence(),
                flaky,
                broken,
                flakyDelay,
                brokenDelay,
                truth.flaky(),
                truth.flaky() && truth.firstFlakyEvidence() >= 0,
                truth.decidable());
    }
}
