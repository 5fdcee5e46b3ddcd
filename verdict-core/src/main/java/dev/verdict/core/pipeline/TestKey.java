package dev.verdict.core.pipeline;

import dev.verdict.core.ingest.TestResult;

/** A test's identity within its suite: scope and name. */
public record TestKey(String scope, String name) {
    public static TestKey of(TestResult result) {
        return new TestKey(result.scope(), result.name());
    }
}
