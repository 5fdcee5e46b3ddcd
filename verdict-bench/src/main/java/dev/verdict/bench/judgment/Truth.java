package dev.verdict.bench.judgment;

import java.util.List;

/**
 * What is known to be true of one test, for scoring a judgment against.
 *
 * @param kind what the test is
 * @param flakyKind how a flaky test fails; null for the other kinds
 * @param failureProbability a flaky test's chance of failing an execution; 0 for the other kinds
 * @param brokenBranch the branch a broken test is broken on; null for the other kinds
 * @param brokenBuilds the builds (indices) during which a broken test was broken, in order
 * @param outageVictim whether it failed in an outage (with the outage's reason)
 * @param firstEvidence the first build (index) that showed what it is: for a flaky test its first
 *     failure in a job no outage hit, for a broken test its first failing build; -1 when none did
 */
public record Truth(
        TestClass kind,
        FlakyKind flakyKind,
        double failureProbability,
        String brokenBranch,
        List<Integer> brokenBuilds,
        boolean outageVictim,
        int firstEvidence) {
    public Truth {
        brokenBuilds = List.copyOf(brokenBuilds);
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
}
