package dev.verdict.core.runs;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Ids;
import dev.verdict.core.Timestamps;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Which runs to list. {@code staleBefore} comes from {@link RunLifecycle#staleBefore(Instant)} so
 * that filtering on {@code pending} and {@code stale} agrees with what the run objects show, and
 * {@code createdFrom} is never before {@link RunLifecycle#keptFrom(Instant)}.
 */
public record RunFilter(
        Optional<UUID> buildId,
        Optional<String> branch,
        Optional<String> commitSha,
        Optional<RunState> state,
        Optional<RunResult> result,
        Optional<Instant> createdFrom,
        Optional<Instant> createdTo,
        Instant staleBefore) {
    /**
     * The Runs API's filters as sent ({@code build_id}, {@code branch}, {@code commit_sha},
     * {@code state}, {@code result}, {@code created_from}, {@code created_to}); a value that cannot
     * be read is a {@link BadRequest} naming it.
     */
    public static RunFilter parse(Function<String, Optional<String>> param, RunLifecycle lifecycle, Instant now) {
        Instant keptFrom = lifecycle.keptFrom(now);
        return new RunFilter(
                param.apply("build_id")
                        .map(id -> Ids.parse(id.strip())
                                .orElseThrow(() -> new BadRequest("build_id must be a UUID, not '" + id + "'"))),
                param.apply("branch"),
                param.apply("commit_sha").map(String::strip).filter(c -> !c.isEmpty()),
                param.apply("state").map(RunFilter::state),
                param.apply("result").map(RunFilter::result),
                // Runs past retention are not listed, whatever the filter asks.
                param.apply("created_from")
                        .map(t -> Timestamps.parseQuery("created_from", t, false))
                        .filter(from -> from.isAfter(keptFrom))
                        .or(() -> Optional.of(keptFrom)),
                param.apply("created_to").map(t -> Timestamps.parseQuery("created_to", t, true)),
                lifecycle.staleBefore(now));
    }

    /**
     * Whether a commit filter is a prefix of the commit rather than all of it: 7 to 39 hex
     * characters, as {@code git log --oneline} shows commits. A full sha, or anything that is not
     * hex, matches exactly.
     */
    public static boolean isCommitPrefix(String commit) {
        return commit.length() >= 7
                && commit.length() < 40
                && commit.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static RunState state(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "running" -> RunState.RUNNING;
            case "finished" -> RunState.FINISHED;
            default -> throw new BadRequest("state must be running or finished, not '" + value + "'");
        };
    }

    private static RunResult result(String value) {
        return RunResult.fromWireName(value.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(
                        () -> new BadRequest("result must be pending, passed, failed or stale, not '" + value + "'"));
    }
}
