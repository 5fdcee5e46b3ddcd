package dev.verdict.core.judgment;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tells an outage from failures of the tests: when an upload (one job of a run) fails a large share
 * of its tests at once for one shared reason, those failures are the infrastructure's, not the tests',
 * and are evidence for nothing. A run remembers the reason, so later uploads of the same run that
 * fail for it are infrastructure too, however few.
 *
 * <p>A reason that reads like infrastructure (refused or reset connections, timeouts reaching a
 * service, name resolution, a full disk, a killed process) needs a smaller share than one that
 * does not: a regression that breaks many tests with one assertion is a break, not an outage, and
 * is only taken for one when it fails most of the upload.
 */
public final class InfrastructureGuard {
    /** Failures sharing a reason that an outage needs at least. */
    public static final int MIN_FAILURES = 5;
    /** Share of the upload's executions one reason must fail for an outage, any reason. */
    public static final double SHARE = 0.5;
    /** The same, for a larger number of failures: many tests failing alike at once is rarely a break. */
    public static final double MANY_SHARE = 0.25;

    public static final int MANY_FAILURES = 10;
    /** The same, for a reason that reads like infrastructure. */
    public static final double INFRASTRUCTURE_SHARE = 0.1;
    /** Failures an infrastructure-looking reason needs in a small upload. */
    public static final int MIN_INFRASTRUCTURE_FAILURES = 3;

    private static final Pattern LOOKS_LIKE_INFRASTRUCTURE =
            Pattern.compile("econnrefused|econnreset|etimedout|ehostunreach|enetunreach|eai_again|enotfound|epipe"
                    + "|connection (?:refused|reset|timed out|closed|aborted|lost)|could not connect|cannot connect"
                    + "|unable to connect|failed to connect|network is unreachable|no route to host|socket hang up"
                    + "|broken pipe|getaddrinfo|name or service not known|temporary failure in name resolution"
                    + "|service unavailable|bad gateway|gateway time-?out|too many connections|connection pool"
                    + "|no space left|out of memory|oomkilled|killed|agent (?:lost|disconnected)|rate limit"
                    + "|tls handshake|certificate|read timed out|connect timed out|timeout waiting for"
                    + "|deadline exceeded|unavailable|not responding|is loading|heap space|outofmemory"
                    + "|disk quota|resource temporarily|too many open files|address already in use");

    private InfrastructureGuard() {}

    /**
     * The normalized reasons of this upload's outage, if it is one.
     *
     * @param failureReasons the reasons the upload's tests failed for, normalized ({@link
     *     FailureReasons}), once per test and reason
     * @param executions the tests in the upload, whatever their results
     * @param knownReason the run's outage reason from an earlier upload, or null
     */
    public static Set<String> outageReasons(Collection<String> failureReasons, int executions, String knownReason) {
        Map<String, Integer> byReason = new HashMap<>();
        for (String reason : failureReasons) {
            byReason.merge(reason, 1, Integer::sum);
        }
        return byReason.entrySet().stream()
                .filter(e -> e.getKey().equals(knownReason) || isOutage(e.getKey(), e.getValue(), executions))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    static boolean isOutage(String reason, int failures, int executions) {
        return outageShare(failures, executions, false)
                || (outageShare(failures, executions, true)
                        && LOOKS_LIKE_INFRASTRUCTURE.matcher(reason).find());
    }

    /**
     * Whether an upload in which this many of its tests failed could be an outage at all, for the
     * likeliest reason: when it could not, the judge normalizes none of its reasons.
     */
    public static boolean possible(int failingTests, int tests, String knownReason) {
        return knownReason != null || outageShare(failingTests, tests, true);
    }

    private static boolean outageShare(int failures, int tests, boolean readsLikeInfrastructure) {
        double share = tests == 0 ? 0 : (double) failures / tests;
        return (failures >= MIN_FAILURES && share >= SHARE)
                || (failures >= MANY_FAILURES && share >= MANY_SHARE)
                || (readsLikeInfrastructure
                        && failures >= MIN_INFRASTRUCTURE_FAILURES
                        && share >= INFRASTRUCTURE_SHARE);
    }

    /** The reason a run remembers: the outage's most common one (reasons normalized). */
    public static Optional<String> remembered(Set<String> reasons, Collection<String> failureReasons) {
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> counts = failureReasons.stream()
                .filter(reasons::contains)
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }
}
