package dev.verdict.bench.judgment;

import java.util.Locale;

/** What a test really is, as the generator made it behave. */
public enum TestClass {
    /** Always passes, except as an outage's victim. */
    HEALTHY,
    /** Always passes, slowly (10–60 s an execution). */
    SLOW,
    /** Fails now and then, independently per execution. */
    FLAKY,
    /** Fails deterministically from a commit until a fix commit (or the branch's end). */
    BROKEN;

    /** The name used in figures: {@code healthy}, {@code slow}, {@code flaky}, {@code broken}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
