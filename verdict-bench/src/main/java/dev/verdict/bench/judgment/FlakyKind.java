package dev.verdict.bench.judgment;

/** How a flaky test fails. */
public enum FlakyKind {
    /** With its probability on every execution, on every platform. */
    ANYWHERE,
    /** With its probability, but only in the linux job (a platform-specific race). */
    LINUX_ONLY,
    /**
     * With its probability on a job's first attempt only; an in-run rerun always passes (a cold
     * cache, an ordering dependency). Only the linux job reruns, so on macos it simply fails.
     */
    FIRST_ATTEMPT
}
