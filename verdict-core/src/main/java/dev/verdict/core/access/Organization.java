package dev.verdict.core.access;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** The unit of tenancy: every suite, run and test belongs to exactly one organization. */
public record Organization(UUID id, String slug, String name, Instant createdAt) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");

    /** Organization slugs appear in every API path, so they are kept to URL-safe lower case. */
    public static boolean isValidSlug(String slug) {
        return slug != null && SLUG.matcher(slug).matches();
    }
}
