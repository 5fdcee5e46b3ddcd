package dev.verdict.bench.judgment;

/** One execution of a test in a job's upload; a test rerun in the same job has several, in order. */
public record Execution(int test, boolean passed, String failureReason, double duration) {}
