package dev.verdict.core.ingest;

import dev.verdict.core.runs.RunEnv;
import java.util.List;

/**
 * An upload read and validated, ready to be queued: the results that passed validation, how many
 * did not, and why.
 */
public record ParsedUpload(String format, RunEnv runEnv, List<TestResult> results, int skipped, List<String> errors) {
    public ParsedUpload {
        results = List.copyOf(results);
        errors = List.copyOf(errors);
    }
}
