package dev.verdict.core.runs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Which runs to list. {@code staleBefore} comes from {@link RunLifecycle#staleBefore(Instant)} so
 * that filtering on {@code pending} and {@code stale} agrees with what the run objects show.
 */
public record RunFilter(
        Optional<UUID> buildId,
        Optional<String> branch,
        Optional<String> commitSha,
        Optional<RunState> state,
        Optional<RunResult> result,
        Optional<Instant> createdFrom,
        Optional<Instant> createdTo,
        Instant staleBefore) {}
