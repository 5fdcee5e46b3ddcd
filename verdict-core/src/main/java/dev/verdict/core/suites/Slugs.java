package dev.verdict.core.suites;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Suite slugs, derived from the name the way Buildkite derives pipeline slugs: lower case,
 * accents dropped, every run of other characters one hyphen. A slug taken in the organization
 * gets the first free {@code -2}, {@code -3}, ... suffix.
 */
public final class Slugs {
    private static final int MAX_LENGTH = 100;

    private Slugs() {}

    public static String fromName(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "suite" : slug;
    }

    /** The first of {@code base}, {@code base-2}, {@code base-3}, ... that is not taken. */
    public static String firstFree(String base, Set<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
