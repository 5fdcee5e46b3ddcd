package dev.verdict.core.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code run_env} of an upload: strings describing the CI build. Collectors disagree on
 * spelling ({@code CI} or {@code ci}) and some send nulls; this is the one place that reads it.
 */
public record RunEnv(Map<String, String> values) {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public RunEnv {
        values = Map.copyOf(new LinkedHashMap<>(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    public Optional<String> key() {
        return get("key");
    }

    public Optional<String> ci() {
        return get("CI").or(() -> get("ci"));
    }

    /**
     * The Buildkite build this run belongs to: on Buildkite the collectors use the build's UUID as
     * the run key, so the key is the build id when the CI is Buildkite and the key is a UUID.
     */
    public Optional<UUID> buildId() {
        return ci().filter("buildkite"::equalsIgnoreCase)
                .flatMap(ci -> key())
                .filter(k -> UUID_TEXT.matcher(k).matches())
                .map(UUID::fromString);
    }
}
