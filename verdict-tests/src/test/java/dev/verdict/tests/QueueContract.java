package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Organization;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.Payloads;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.Retries;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.ingest.UploadStore.Processing;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.pipeline.UploadPipeline;
import dev.verdict.core.runs.FailedExecution;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunEnv;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.core.suites.Suites;
import dev.verdict.storage.JdbcStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest queue and the run lifecycle at the store, step by step, with no worker running: each
 * test drives {@code processNext} itself.
 */
abstract class QueueContract {
    abstract TestDatabase freshDatabase();

    TestDatabase database;
    JdbcStorage storage;
    Suite suite;

    @BeforeEach
    void openStore() {
        database = freshDatabase();
        storage = JdbcStorage.open(database.target());
        storage.migrate();
        Organization org = storage.access().ensureOrganization("queue");
        suite = new Suites(storage.suites(), new SecretBox(SecretBox.newKey()), Clock.systemUTC())
                .create(org, new SuiteFields("Queue", "main", null, null, null, null))
                .suite();
    }

    @AfterEach
    void closeStore() {
        storage.close();
    }

    static TestResult result(String name, Result result) {
        return new TestResult("Scope", name, "a_test.js:1", "a_test.js", result, null, null, 0.1, null, Map.of());
    }

    UploadStore.Queued enqueue(String key, TestResult... results) {
        return enqueueAt(Timestamps.now(Clock.systemUTC()), key, results);
    }

    UploadStore.Queued enqueueAt(Instant at, String key, TestResult... results) {
        ParsedUpload upload = new ParsedUpload(
                "json", new RunEnv(Map.of("key", key, "branch", "main")), List.of(results), 0, List.of());
        return storage.uploads().enqueue(suite.id(), upload, Payloads.write(upload.results()), at);
    }

    Run run(UploadStore.Queued queued) {
        return storage.runs().find(suite.id(), queued.runId()).orElseThrow();
    }

    /** Retries due at once, so a test can step through every attempt. */
    static final Retries AT_ONCE = new Retries(3, Duration.ZERO);

    static final UploadPipeline PIPELINE = UploadPipeline.standard();

    Processing process() {
        return storage.uploads().processNext(Instant.now(), AT_ONCE, PIPELINE);
    }

    UploadStore.Queued poison(String key) {
        ParsedUpload upload = new ParsedUpload("json", new RunEnv(Map.of("key", key)), List.of(), 0, List.of());
        return storage.uploads()
                .enqueue(
                        suite.id(),
                        upload,
                        "not a payload".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Instant.now());
    }

    @Test
    void aQueuedUploadHoldsItsRunRunningAndPendingUntilProcessed() {
        UploadStore.Queued queued = enqueue("k1", result("a", Result.PASSED));

        assertThat(run(queued).status().state()).isEqualTo(RunState.RUNNING);
        assertThat(run(queued).status().result()).isEqualTo(RunResult.PENDING);
        assertThat(storage.uploads()
                        .find(suite.id(), queued.uploadId())
                        .orElseThrow()
                        .state())
                .isEqualTo("queued");

        assertThat(process()).isEqualTo(Processing.PROCESSED);

        assertThat(run(queued).status().state()).isEqualTo(RunState.FINISHED);
        assertThat(run(queued).status().result()).isEqualTo(RunResult.PASSED);
        assertThat(storage.uploads()
                        .find(suite.id(), queued.uploadId())
                        .orElseThrow()
                        .state())
                .isEqualTo("processed");
        assertThat(process()).isEqualTo(Processing.IDLE);
    }

    @Test
    void aRunFinishesOnlyWhenEveryUploadIsProcessedAndReopensForMore() {
        UploadStore.Queued first = enqueue("k2", result("a", Result.PASSED));
        enqueue("k2", result("b", Result.FAILED));

        process();
        assertThat(run(first).status().state()).isEqualTo(RunState.RUNNING);
        assertThat(run(first).status().result()).isEqualTo(RunResult.PASSED);

        process();
        assertThat(run(first).status().state()).isEqualTo(RunState.FINISHED);
        assertThat(run(first).status().result()).isEqualTo(RunResult.FAILED);

        enqueue("k2", result("b", Result.PASSED));
        assertThat(run(first).status().state()).isEqualTo(RunState.RUNNING);
        process();
        assertThat(run(first).status())
                .extracting(s -> s.state(), s -> s.result())
                .containsExactly(RunState.FINISHED, RunResult.FAILED);
    }

    @Test
    void uploadsAreProcessedOldestFirstAndEachExactlyOnce() {
        UploadStore.Queued a = enqueue("k3", result("a", Result.PASSED), result("b", Result.PASSED));
        UploadStore.Queued b = enqueue("k4", result("c", Result.FAILED));

        assertThat(process()).isEqualTo(Processing.PROCESSED);
        assertThat(storage.uploads()
                        .find(suite.id(), a.uploadId())
                        .orElseThrow()
                        .state())
                .isEqualTo("processed");
        assertThat(storage.uploads()
                        .find(suite.id(), b.uploadId())
                        .orElseThrow()
                        .state())
                .isEqualTo("queued");
        process();
        process();

        assertThat(storage.runs()
                        .failedExecutions(run(b), new dev.verdict.core.paging.PageRequest(1, 100), false)
                        .items())
                .hasSize(1);
        assertThat(count("SELECT count(*) FROM executions")).isEqualTo(3);
    }

    /*
     * A run's executions are read within its created and updated times (on PostgreSQL, to leave
     * out the other weeks' partitions): uploads weeks apart, and one stamped before the run by a
     * server whose clock is behind, are all still read.
     */
    @Test
    void aRunsExecutionsAreReadWhateverWeekTheirUploadsCameIn() {
        Instant now = Timestamps.now(Clock.systemUTC());
        UploadStore.Queued first = enqueueAt(
                now.minus(Duration.ofDays(40)), "weeks", result("a", Result.FAILED), result("b", Result.PASSED));
        enqueueAt(now.minus(Duration.ofDays(40)).minus(Duration.ofHours(1)), "weeks", result("c", Result.FAILED));
        enqueueAt(now, "weeks", result("a", Result.PASSED), result("d", Result.FAILED));
        process();
        process();
        process();
        Run run = run(first);
        PageRequest all = new PageRequest(1, 100);

        assertThat(run.updatedAt()).isAfterOrEqualTo(now);
        assertThat(storage.runs().resultCounts(run))
                .containsEntry(Result.FAILED, 3L)
                .containsEntry(Result.PASSED, 2L);
        assertThat(storage.runs().failedExecutions(run, all, false).items())
                .extracting(FailedExecution::name)
                .containsExactlyInAnyOrder("a", "c", "d");
        assertThat(storage.runs().failedTests(run, all).items())
                .extracting(t -> t.name() + ":" + t.attempts().size())
                .containsExactlyInAnyOrder("a:2", "c:1", "d:1");
        assertThat(storage.runs().executions(run, Optional.empty(), all).items())
                .hasSize(5);
        assertThat(storage.runs().verdict(run))
                .extracting(v -> v.failingTests(), v -> v.passedOnRetry())
                .containsExactly(2L, 1L);
    }

    /**
     * The judgment compares an upload with the run's earlier ones wherever their weeks are: a
     * failure and a pass of the same test, 40 days apart in one run, flip it flaky either way
     * round (the pass finds the failure, the failure finds the pass).
     */
    @Test
    void theJudgmentFindsARunsEarlierResultsWhateverWeekTheyCameIn() {
        Instant now = Timestamps.now(Clock.systemUTC());
        UploadStore.Queued first = enqueueAt(
                now.minus(Duration.ofDays(40)), "judged", result("a", Result.FAILED), result("b", Result.PASSED));
        enqueueAt(now, "judged", result("a", Result.PASSED), result("b", Result.FAILED));
        process();
        process();
        Run run = run(first);

        List<FailedExecution> failed = storage.runs()
                .failedExecutions(run, new PageRequest(1, 10), false)
                .items();
        assertThat(failed)
                .extracting(f -> f.name() + ":" + f.failureKind())
                .containsExactlyInAnyOrder("a:" + FailureKind.FLAKY, "b:" + FailureKind.FLAKY);
        for (FailedExecution f : failed) {
            assertThat(storage.tests().flakyEvents(f.testId(), 10)).as(f.name()).hasSize(1);
        }
    }

    @Test
    void aPoisonUploadGoesBehindTheUploadsQueuedAfterItThenFailsAfterItsAttempts() {
        UploadStore.Queued poison = poison("poison");
        UploadStore.Queued good = enqueue("fine", result("a", Result.PASSED));
        Retries retries = new Retries(3, Duration.ofSeconds(1));
        Instant now = Instant.now().plusMillis(10);

        assertThat(storage.uploads().processNext(now, retries, PIPELINE)).isEqualTo(Processing.FAILED);
        assertThat(storage.uploads().processNext(now, retries, PIPELINE)).isEqualTo(Processing.PROCESSED);
        assertThat(run(good).status().result()).isEqualTo(RunResult.PASSED);
        assertThat(storage.uploads().processNext(now.plusSeconds(1), retries, PIPELINE))
                .isEqualTo(Processing.FAILED);
        assertThat(storage.uploads().processNext(now.plusSeconds(3), retries, PIPELINE))
                .isEqualTo(Processing.FAILED);

        var failed = storage.uploads().find(suite.id(), poison.uploadId()).orElseThrow();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.failure()).contains("payload format");
        assertThat(storage.uploads()
                        .list(suite.id(), java.util.Optional.of("failed"), new PageRequest(1, 10))
                        .items())
                .extracting(u -> u.id())
                .containsExactly(poison.uploadId());
        assertThat(storage.uploads()
                        .list(suite.id(), java.util.Optional.empty(), new PageRequest(1, 10))
                        .items())
                .extracting(u -> u.id())
                .containsExactlyInAnyOrder(poison.uploadId(), good.uploadId());
        assertThat(run(poison).status().state()).isEqualTo(RunState.FINISHED);
        assertThat(process()).isEqualTo(Processing.IDLE);
    }

    @Test
    void aFailedUploadWaitsOutItsDelayWithTheReasonShownThenIsTriedAgain() {
        Retries slow = new Retries(3, Duration.ofMinutes(1));
        UploadStore.Queued poison = poison("later");
        Instant now = Instant.now();

        assertThat(storage.uploads().processNext(now, slow, PIPELINE)).isEqualTo(Processing.FAILED);
        assertThat(storage.uploads().processNext(now.plusSeconds(30), slow, PIPELINE))
                .isEqualTo(Processing.IDLE);
        var waiting = storage.uploads().find(suite.id(), poison.uploadId()).orElseThrow();
        assertThat(waiting.state()).isEqualTo("queued");
        assertThat(waiting.failure()).contains("payload format");

        assertThat(storage.uploads().processNext(now.plusSeconds(61), slow, PIPELINE))
                .isEqualTo(Processing.FAILED);
        // The second delay is twice the first.
        assertThat(storage.uploads().processNext(now.plusSeconds(61 + 119), slow, PIPELINE))
                .isEqualTo(Processing.IDLE);
        assertThat(storage.uploads().processNext(now.plusSeconds(61 + 121), slow, PIPELINE))
                .isEqualTo(Processing.FAILED);
        assertThat(storage.uploads()
                        .find(suite.id(), poison.uploadId())
                        .orElseThrow()
                        .state())
                .isEqualTo("failed");
    }

    @Test
    void anUploadThatSlippedPastValidationWithANulIsStillRecordedNeverStuck() {
        // Validation removes control characters; this one is queued behind its back, as an upload
        // from before that rule was. PostgreSQL refuses the NUL, and the failure must still record.
        UploadStore.Queued queued = enqueue("nul", result("a\u0000b", Result.PASSED));

        Processing done = process();

        var status = storage.uploads().find(suite.id(), queued.uploadId()).orElseThrow();
        if (done == Processing.FAILED) {
            assertThat(status.state()).isEqualTo("queued");
            assertThat(status.failure()).isNotBlank().doesNotContain("\u0000");
            assertThat(count("SELECT count(*) FROM uploads WHERE attempts = 1")).isEqualTo(1);
        } else {
            assertThat(done).isEqualTo(Processing.PROCESSED);
            assertThat(status.state()).isEqualTo("processed");
        }
    }

    @Test
    void aTestIsOneIdentityAcrossUploadsAndKeepsItsLatestLocation() {
        enqueue("k5", result("same", Result.PASSED));
        process();
        enqueue(
                "k6",
                new TestResult(
                        "Scope", "same", "moved.js:9", "moved.js", Result.PASSED, null, null, null, null, Map.of()));
        process();

        assertThat(count("SELECT count(*) FROM tests")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tests WHERE location = 'moved.js:9'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM executions")).isEqualTo(2);
    }

    long count(String sql) {
        return database.count(sql);
    }
}
