package dev.verdict.core.judgment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a run's failures were, in one sentence a page can lead with: whether anything in it is a
 * new break, or all of it is known flakiness, the infrastructure or muted tests. Counts are of
 * tests, not executions: a test that failed three times is one failing test.
 *
 * @param failing tests that failed in the run and never passed there, left out when muted, by what
 *     the judge found their failures to be (failures from before judgment existed count as new)
 * @param passedOnRetry tests that failed and then passed in the run
 * @param mutedFailing muted tests that failed in the run and never passed there
 */
public record RunVerdict(Map<FailureKind, Long> failing, long passedOnRetry, long mutedFailing) {
    public RunVerdict {
        failing = Map.copyOf(failing);
    }

    /** One failed execution of a run as the verdict weighs it. */
    public record FailedAttempt(UUID testId, FailureKind kind, boolean passedInRun, boolean muted) {}

    /** The verdict of a run's failed executions: each test counts once, by its most telling kind. */
    public static RunVerdict of(Iterable<FailedAttempt> attempts) {
        Map<UUID, FailedAttempt> tests = new HashMap<>();
        for (FailedAttempt a : attempts) {
            tests.merge(
                    a.testId(),
                    a,
                    (x, y) -> new FailedAttempt(
                            x.testId(), FailureKind.worse(x.kind(), y.kind()), x.passedInRun(), x.muted()));
        }
        Map<FailureKind, Long> failing = new EnumMap<>(FailureKind.class);
        long passedOnRetry = 0;
        long mutedFailing = 0;
        for (FailedAttempt t : tests.values()) {
            if (t.passedInRun()) {
                passedOnRetry++;
            } else if (t.muted()) {
                mutedFailing++;
            } else {
                failing.merge(FailureKind.orNew(t.kind()), 1L, Long::sum);
            }
        }
        return new RunVerdict(failing, passedOnRetry, mutedFailing);
    }

    public long count(FailureKind kind) {
        return failing.getOrDefault(kind, 0L);
    }

    /** Tests that failed and count: neither muted nor passed on a retry. */
    public long failingTests() {
        return failing.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether anything failed in the run at all. */
    public boolean anyFailure() {
        return failingTests() + passedOnRetry + mutedFailing > 0;
    }

    /** Whether the run has failures that may be a break: broken tests or new failures. */
    public boolean needsAttention() {
        return count(FailureKind.BROKEN) + count(FailureKind.NEW) > 0;
    }

    public String summary() {
        long failingTests = failingTests();
        if (failingTests == 0) {
            if (mutedFailing > 0) {
                return "Failed only in muted tests: " + tests(mutedFailing) + withRetries() + ".";
            }
            if (passedOnRetry > 0) {
                return "Passed with " + count(passedOnRetry, "flaky test", "flaky tests")
                        + ": failed, then passed on retry.";
            }
            return "Nothing failed.";
        }
        if (count(FailureKind.INFRASTRUCTURE) == failingTests) {
            return "Failed because of the infrastructure: " + tests(failingTests)
                    + " failed at once for one reason. They are evidence for nothing; a retry should pass"
                    + withRetries() + ".";
        }
        List<String> parts = new ArrayList<>();
        part(parts, count(FailureKind.NEW), "new failure", "new failures");
        part(parts, count(FailureKind.BROKEN), "broken test", "broken tests");
        part(parts, count(FailureKind.FLAKY), "known flaky test", "known flaky tests");
        part(parts, count(FailureKind.INFRASTRUCTURE), "infrastructure failure", "infrastructure failures");
        part(parts, passedOnRetry, "flaky test passed on retry", "flaky tests passed on retry");
        part(parts, mutedFailing, "muted test failed", "muted tests failed");
        String lead = count(FailureKind.FLAKY) == failingTests ? "Failed only in known flaky tests: " : "Failed: ";
        return lead + String.join(", ", parts) + ".";
    }

    private String withRetries() {
        return passedOnRetry == 0 ? "" : "; " + count(passedOnRetry, "flaky test", "flaky tests") + " passed on retry";
    }

    private static void part(List<String> parts, long n, String one, String many) {
        if (n > 0) {
            parts.add(count(n, one, many));
        }
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String tests(long n) {
        return count(n, "test", "tests");
    }
}
