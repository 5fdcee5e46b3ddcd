package dev.verdict.storage.internal;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.tests.FlakyRule;
import dev.verdict.storage.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * {@link FlakyRule} applied to one processed upload, inside the transaction that writes its
 * executions, so an upload is judged exactly once and its judgement commits with it. Everything it
 * reads goes through the (run, result, test) index: failures in a commit's runs are few, and passes
 * are only looked up for the tests that just failed.
 */
final class FlakyDetection {
    /** Runs of one commit compared: the newest ones, enough for any retry policy. */
    private static final int MAX_RUNS_PER_COMMIT = 100;

    private static final int CHUNK = 500;

    /** What one upload says of one test. */
    static final class Seen {
        boolean passed;
        boolean failed;
        int executions;

        void add(Result result) {
            executions++;
            passed |= result == Result.PASSED;
            failed |= result == Result.FAILED;
        }
    }

    private FlakyDetection() {}

    static void apply(Handle h, Dialect dialect, UUID suiteId, UUID runId, Map<UUID, Seen> seen, long now) {
        Set<UUID> flaky = detect(h, dialect, suiteId, runId, seen, now);
        recover(h, suiteId, seen, flaky, now);
    }

    private static Set<UUID> detect(
            Handle h, Dialect dialect, UUID suiteId, UUID runId, Map<UUID, Seen> seen, long now) {
        List<UUID> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        seen.forEach((test, s) -> {
            if (s.passed) {
                passed.add(test);
            }
            if (s.failed) {
                failed.add(test.toString());
            }
        });
        if (passed.isEmpty() && failed.isEmpty()) {
            return Set.of();
        }
        var run = h.createQuery("SELECT commit_sha, branch FROM runs WHERE id = :id")
                .bind("id", runId.toString())
                .map((rs, ctx) -> new String[] {rs.getString("commit_sha"), rs.getString("branch")})
                .one();
        String commit = run[0];
        // The commit's runs are locked, newest first (one order for every worker, so no deadlock):
        // two uploads of one commit processed at once on PostgreSQL are judged one after the
        // other, and the second sees the first's executions.
        List<String> runs = commit == null
                ? h.createQuery("SELECT id FROM runs WHERE id = :run" + dialect.forUpdate())
                        .bind("run", runId.toString())
                        .mapTo(String.class)
                        .list()
                : h.createQuery("SELECT id FROM runs WHERE suite_id = :suite AND commit_sha = :commit"
                                + " ORDER BY id DESC LIMIT " + MAX_RUNS_PER_COMMIT + dialect.forUpdate())
                        .bind("suite", suiteId.toString())
                        .bind("commit", commit)
                        .mapTo(String.class)
                        .list();
        Set<UUID> flaky = new HashSet<>();
        if (runs.size() == 1 && !hasOtherExecutions(h, runId)) {
            // Alone on its commit: this upload's own results are all there is to compare.
            seen.forEach((test, s) -> {
                if (s.passed && s.failed) {
                    flaky.add(test);
                }
            });
        } else {
            compare(h, runs, passed, failed, flaky);
        }
        if (!flaky.isEmpty()) {
            record(h, suiteId, flaky, commit == null ? "run:" + runId : commit, run[1], now);
        }
        return flaky;
    }

    /** Whether the run has executions from another upload, processed before this one. */
    private static boolean hasOtherExecutions(Handle h, UUID runId) {
        return h.createQuery("SELECT 1 FROM uploads WHERE run_id = :run AND state = 'processed' LIMIT 1")
                .bind("run", runId.toString())
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /** This upload's results against every pass and failure in the commit's runs (its own included). */
    private static void compare(Handle h, List<String> runs, List<UUID> passed, List<String> failed, Set<UUID> flaky) {
        // This upload's passes against the commit's failures: failures are few.
        if (!passed.isEmpty()) {
            Set<UUID> failedOnCommit = new HashSet<>();
            h.createQuery("SELECT DISTINCT test_id FROM executions WHERE run_id IN (<runs>) AND result = 'failed'")
                    .bindList("runs", runs)
                    .map((rs, ctx) -> Rows.uuid(rs, "test_id"))
                    .forEach(failedOnCommit::add);
            passed.stream().filter(failedOnCommit::contains).forEach(flaky::add);
        }
        // This upload's failures against the commit's passes, looked up for those tests only.
        List<String> unresolved = failed.stream()
                .filter(id -> !flaky.contains(UUID.fromString(id)))
                .toList();
        for (int from = 0; from < unresolved.size(); from += CHUNK) {
            h.createQuery("SELECT DISTINCT test_id FROM executions WHERE run_id IN (<runs>) AND result = 'passed'"
                            + " AND test_id IN (<tests>)")
                    .bindList("runs", runs)
                    .bindList("tests", unresolved.subList(from, Math.min(unresolved.size(), from + CHUNK)))
                    .map((rs, ctx) -> Rows.uuid(rs, "test_id"))
                    .forEach(flaky::add);
        }
    }

    /** An event per test and commit, the label, and the rule's state restarted. */
    private static void record(Handle h, UUID suiteId, Set<UUID> flaky, String commitKey, String branch, long now) {
        var event = h.prepareBatch("INSERT INTO flaky_events (test_id, suite_id, commit_key, branch, first_seen_at,"
                + " last_seen_at) VALUES (:test, :suite, :commit, :branch, :now, :now) ON CONFLICT (test_id,"
                + " commit_key) DO UPDATE SET last_seen_at = excluded.last_seen_at");
        var state = h.prepareBatch("UPDATE tests SET flaky_at = :now, flaky_executions = 0 WHERE id = :test");
        var label = h.prepareBatch("INSERT INTO test_labels (test_id, label, created_at) VALUES (:test, :label, :now)"
                + " ON CONFLICT (test_id, label) DO NOTHING");
        for (UUID test : flaky) {
            String id = test.toString();
            event.bind("test", id)
                    .bind("suite", suiteId.toString())
                    .bind("commit", commitKey)
                    .bind("branch", branch)
                    .bind("now", now)
                    .add();
            state.bind("now", now).bind("test", id).add();
            label.bind("test", id)
                    .bind("label", FlakyRule.LABEL)
                    .bind("now", now)
                    .add();
        }
        event.execute();
        state.execute();
        label.execute();
    }

    /**
     * The suite's flaky tests not caught again: their executions in this upload counted, and
     * those quiet long enough (in time or executions) lose the label.
     */
    private static void recover(Handle h, UUID suiteId, Map<UUID, Seen> seen, Set<UUID> flaky, long now) {
        record Watched(UUID id, long since, long executions) {}
        List<Watched> watched = h.createQuery(
                        "SELECT id, flaky_at, flaky_executions FROM tests WHERE suite_id = :suite AND flaky_at IS NOT NULL")
                .bind("suite", suiteId.toString())
                .map((rs, ctx) ->
                        new Watched(Rows.uuid(rs, "id"), rs.getLong("flaky_at"), rs.getLong("flaky_executions")))
                .list();
        Map<UUID, Long> counted = new HashMap<>();
        List<UUID> recovered = new ArrayList<>();
        for (Watched test : watched) {
            if (flaky.contains(test.id())) {
                continue;
            }
            Seen s = seen.get(test.id());
            long executions = test.executions() + (s == null ? 0 : s.executions);
            if (FlakyRule.recovered(Instant.ofEpochMilli(test.since()), executions, Instant.ofEpochMilli(now))) {
                recovered.add(test.id());
            } else if (s != null) {
                counted.put(test.id(), executions);
            }
        }
        if (!counted.isEmpty()) {
            var update = h.prepareBatch("UPDATE tests SET flaky_executions = :n WHERE id = :test");
            counted.forEach((test, n) ->
                    update.bind("n", n).bind("test", test.toString()).add());
            update.execute();
        }
        if (!recovered.isEmpty()) {
            var state = h.prepareBatch(
                    "UPDATE tests SET flaky_at = NULL, flaky_executions = 0, flaky_resolved_at = :now WHERE id = :test");
            var label = h.prepareBatch("DELETE FROM test_labels WHERE test_id = :test AND label = :label");
            for (UUID test : recovered) {
                state.bind("now", now).bind("test", test.toString()).add();
                label.bind("test", test.toString())
                        .bind("label", FlakyRule.LABEL)
                        .add();
            }
            state.execute();
            label.execute();
        }
    }
}
