package dev.verdict.core.pipeline;

import dev.verdict.core.ingest.TestResult;
import java.util.UUID;

/** An execution to write: its id (made here, so later steps can name it), its test and its result. */
public record NewExecution(UUID id, UUID testId, TestResult result) {}
