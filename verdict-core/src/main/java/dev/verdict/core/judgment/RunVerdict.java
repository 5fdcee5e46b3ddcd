package dev.verdict.core.judgment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run's failures were, in one sentence a page can lead with: whether anything in it is a
 * new break, or all of it is known flakiness or the infrastructure.
 *
 * @param failedTests tests with a failed execution in the run, by what the judge found them to be;
 *     failures from before judgment existed count as new
 */
public record RunVerdict(Map<FailureKind, Long> failedTests) {
    public RunVerdict {
        failedTests = Map.copyOf(failedTests);
    }

    public long count(FailureKind kind) {
        return failedTests.getOrDefault(kind, 0L);
    }

    public long total() {
        return failedTests.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the run has failures that may be a break: broken tests or new failures. */
    public boolean needsAttention() {
        return count(FailureKind.BROKEN) + count(FailureKind.NEW) > 0;
    }

    public String summary() {
        long total = total();
        if (total == 0) {
            return "Nothing failed.";
        }
        if (count(FailureKind.INFRASTRUCTURE) == total) {
            return "Every failure was the infrastructure: " + tests(total)
                    + " failed at once for one reason. They are evidence for nothing; a retry should pass.";
        }
        if (count(FailureKind.FLAKY) == total) {
            return "Only known flaky tests failed (" + tests(total) + "): nothing here looks like a break.";
        }
        List<String> parts = new ArrayList<>();
        part(parts, count(FailureKind.NEW), "new failure", "new failures");
        part(parts, count(FailureKind.BROKEN), "broken test", "broken tests");
        part(parts, count(FailureKind.FLAKY), "known flaky test", "known flaky tests");
        part(parts, count(FailureKind.INFRASTRUCTURE), "infrastructure failure", "infrastructure failures");
        return String.join(", ", parts) + ".";
    }

    private static void part(List<String> parts, long n, String one, String many) {
        if (n > 0) {
            parts.add(n + " " + (n == 1 ? one : many));
        }
    }

    private static String tests(long n) {
        return n == 1 ? "1 test" : n + " tests";
    }
}
