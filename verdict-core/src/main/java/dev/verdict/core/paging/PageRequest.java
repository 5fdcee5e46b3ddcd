package dev.verdict.core.paging;

import dev.verdict.core.BadRequest;

/**
 * Buildkite's page-based pagination: {@code page} from 1, {@code per_page} 1 to 100 (default 30).
 * Stores fetch one row more than a page so they know whether a next page exists without counting.
 */
public record PageRequest(int page, int perPage) {
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PER_PAGE = 100;

    public PageRequest {
        if (page < 1) {
            throw new BadRequest("page must be a whole number of 1 or more, not " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new BadRequest("per_page must be a whole number from 1 to " + MAX_PER_PAGE + ", not " + perPage);
        }
    }

    /** Reads the query values as sent; null means absent. */
    public static PageRequest parse(String page, String perPage) {
        return new PageRequest(parse("page", page, 1), parse("per_page", perPage, DEFAULT_PER_PAGE));
    }

    private static int parse(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, not '" + value + "'");
        }
    }

    public long offset() {
        return (long) (page - 1) * perPage;
    }

    /** Rows to fetch: one more than a page, to learn whether there is a next page. */
    public int fetchLimit() {
        return perPage + 1;
    }
}
