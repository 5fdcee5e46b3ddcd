package dev.verdict.bench.judgment;

import java.util.List;

/**
 * What is known to be true of one test, for scoring a judgment against.
 *
 * @param kind what the test is
 * @param flakyKind how a flaky test fails; for a broken test that is flaky too, how it fails
 *     outside its break; null for the others
 * @param failureProbability the chance a flaky test (or a broken one, outside its break) fails an
 *     execution; 0 for the others
 * @param brokenBranch the branch a broken test is broken on; null for the other kinds
 * @param brokenBuilds the builds (indices) during which a broken test was broken, in order
 * @param outageVictim whether it failed in an outage (with the outage's reason)
 * @param firstEvidence the first build (index) that showed what it is: for a flaky test its first
 *     failure in a job no outage hit, for a broken test its first failing build; -1 when none did
 * @param firstFlakyEvidence for a flaky test, {@code firstEvidence}; for a broken test that is
 *     flaky too, its first failure outside an outage and its break, or -1 when its flakiness never
 *     showed in a way a judge could tell (see {@code decidable}); -1 for the others
 * @param decidable whether the history lets any judge tell what it is. A regression seen in one
 *     build only reads exactly like one flaky failure, and a flaky test whose failures all fell on
 *     one commit that it never passed on reads exactly like such a regression; the scores leave
 *     these tests out, and count what they were labelled apart.
 */
public record Truth(
        TestClass kind,
        FlakyKind flakyKind,
        double failureProbability,
        String brokenBranch,
        List<Integer> brokenBuilds,
        boolean outageVictim,
        int firstEvidence,
        int firstFlakyEvidence,
        boolean decidable) {
    public Truth {
        brokenBuilds = List.copyOf(brokenBuilds);
    }

    /** A decidable test that is flaky only if its kind is, its flaky evidence its first evidence. */
    public Truth(
            TestClass kind,
            FlakyKind flakyKind,
            double failureProbability,
            String brokenBranch,
            List<Integer> brokenBuilds,
            boolean outageVictim,
            int firstEvidence) {
        this(
                kind,
                flakyKind,
                failureProbability,
                brokenBranch,
                brokenBuilds,
                outageVictim,
                firstEvidence,
                kind == TestClass.FLAKY ? firstEvidence : -1,
                true);
    }

    /** The outage victims are healthy (or slow) tests that failed only in outages. */
    public static final String OUTAGE_VICTIM = "outage_victim";

    /**
     * The class a false label is counted under: {@code outage_victim} for a healthy or slow test
     * that an outage made fail, else the kind's own name.
     */
    public String category() {
        if (outageVictim && (kind == TestClass.HEALTHY || kind == TestClass.SLOW)) {
            return OUTAGE_VICTIM;
        }
        return kind.label();
    }

    public boolean evidence() {
        return firstEvidence >= 0;
    }

    /** Whether it fails now and then on good code: a flaky test, or a broken test flaky too. */
    public boolean flaky() {
        return kind == TestClass.FLAKY || flakyKind != null;
    }

    /** A broken test that is also flaky outside its break. */
    public boolean brokenAndFlaky() {
        return kind == TestClass.BROKEN && flakyKind != null;
    }
}
