package dev.verdict.core.tests;

import dev.verdict.core.judgment.HealthSummary;
import java.util.List;
import java.util.UUID;

/**
 * A test: identified by (suite, scope, name); {@code location} and {@code fileName} are as last
 * reported. {@code scope} is empty, never null, for a test sent without one. Labels are sorted.
 * {@code health} is what the judge last found.
 */
public record Test(
        UUID id,
        UUID suiteId,
        String suiteSlug,
        String scope,
        String name,
        String location,
        String fileName,
        TestState state,
        List<String> labels,
        HealthSummary health) {}
