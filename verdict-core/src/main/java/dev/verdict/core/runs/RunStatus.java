package dev.verdict.core.runs;

/** The stored part of a run's lifecycle: its state, its result and how many uploads wait. */
public record RunStatus(RunState state, RunResult result, int uploadsPending) {}
