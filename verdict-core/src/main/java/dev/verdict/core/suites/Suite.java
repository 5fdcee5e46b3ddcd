package dev.verdict.core.suites;

import java.time.Instant;
import java.util.UUID;

/** A suite: one set of tests, usually one framework's, with its own upload token. */
public record Suite(UUID id, UUID organizationId, String slug, SuiteFields fields, Instant createdAt) {

    public String name() {
        return fields.name();
    }
}
