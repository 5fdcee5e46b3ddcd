package dev.verdict.core.runs;

import java.time.Instant;

/**
 * A run reduced to what charts of many runs need. {@code updatedAt} is when its last upload was
 * received or processed, so a finished run took {@code updatedAt - createdAt} from its first
 * upload to its last result.
 */
public record RunOutline(Instant createdAt, Instant updatedAt, RunState state, RunResult result) {}
