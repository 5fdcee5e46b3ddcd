package dev.verdict.core.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Buildkite's rules for execution tags (upload API §12.5), in one place. */
public final class TagRules {
    public static final int MAX_CUSTOM_TAGS = 10;
    public static final int MAX_MUTABLE_TAGS = 10;
    private static final int MAX_KEY_BYTES = 64;
    private static final int MAX_VALUE_BYTES = 128;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** Core tags, filled by collectors where they can; they do not count towards the ten custom ones. */
    private static final Set<String> CORE = Set.of(
            "build.id",
            "build.job_id",
            "build.step_id",
            "cloud.provider",
            "cloud.region",
            "host.arch",
            "host.type",
            "code.file.path",
            "collector.name",
            "collector.version",
            "language.name",
            "language.version",
            "test.framework.name",
            "test.framework.version",
            "scm.branch",
            "scm.commit_sha",
            "test.selector.primary",
            "ci.worker.id");

    private TagRules() {}

    /** Whether a tag key has the allowed shape (a letter, then letters, digits, '_', '-', '.'). */
    public static boolean isValidKey(String key) {
        return KEY.matcher(key).matches();
    }

    /** The first rule these tags break, said as a sentence, or empty if they keep them all. */
    public static Optional<String> problem(Map<String, String> tags) {
        long custom = tags.keySet().stream().filter(k -> !CORE.contains(k)).count();
        if (custom > MAX_CUSTOM_TAGS) {
            return Optional.of("has " + custom + " custom tags; at most " + MAX_CUSTOM_TAGS + " are allowed");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String value = tag.getValue();
            if (key.isBlank() || !KEY.matcher(key).matches()) {
                return Optional.of("tag key '" + key
                        + "' must start with a letter and hold only letters, digits, '_', '-' and '.'");
            }
            if (bytes(key) >= MAX_KEY_BYTES) {
                return Optional.of("tag key '" + key + "' must be shorter than " + MAX_KEY_BYTES + " bytes");
            }
            if (key.equals("mut") || key.startsWith("mut.")) {
                return Optional.of(
                        "tag key '" + key + "' is reserved: mut. tags are set through the execution tags API");
            }
            if (value == null || value.isBlank()) {
                return Optional.of("tag '" + key + "' has a blank value");
            }
            if (bytes(value) >= MAX_VALUE_BYTES) {
                return Optional.of("tag '" + key + "' has a value of " + bytes(value)
                        + " bytes; it must be shorter than " + MAX_VALUE_BYTES);
            }
            for (String other : tags.keySet()) {
                if (other.startsWith(key + ".")) {
                    return Optional.of("tag key '" + key + "' is a prefix of '" + other
                            + "'; a key cannot be both a value" + " and a group");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first rule a set of mutable tags breaks (execution tags API): every key starts with
     * {@code mut.}, at most {@link #MAX_MUTABLE_TAGS}, and keys and values as for any tag.
     */
    public static Optional<String> mutableProblem(Map<String, String> tags) {
        if (tags.size() > MAX_MUTABLE_TAGS) {
            return Optional.of("has " + tags.size() + " tags; at most " + MAX_MUTABLE_TAGS + " are allowed");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (!key.startsWith("mut.") || !isValidKey(key) || key.length() == "mut.".length()) {
                return Optional.of("tag key '" + key + "' must start with 'mut.' followed by letters, digits, '_',"
                        + " '-' or '.'");
            }
            if (bytes(key) >= MAX_KEY_BYTES) {
                return Optional.of("tag key '" + key + "' must be shorter than " + MAX_KEY_BYTES + " bytes");
            }
            String value = tag.getValue();
            if (value == null || value.isBlank()) {
                return Optional.of("tag '" + key + "' has a blank value");
            }
            if (bytes(value) >= MAX_VALUE_BYTES) {
                return Optional.of("tag '" + key + "' has a value of " + bytes(value)
                        + " bytes; it must be shorter than " + MAX_VALUE_BYTES);
            }
        }
        return Optional.empty();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
