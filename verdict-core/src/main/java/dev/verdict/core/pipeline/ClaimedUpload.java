package dev.verdict.core.pipeline;

import java.time.Instant;
import java.util.UUID;

/** An upload a worker has claimed from the queue: its payload holds the validated results. */
public record ClaimedUpload(UUID id, UUID suiteId, UUID runId, Instant createdAt, byte[] payload) {}
