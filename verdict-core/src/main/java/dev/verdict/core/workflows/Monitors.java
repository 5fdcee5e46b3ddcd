package dev.verdict.core.workflows;

import dev.verdict.core.Ids;
import dev.verdict.core.Timestamps;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.Judged;
import dev.verdict.core.judgment.RunContext;
import dev.verdict.core.pipeline.Batch;
import dev.verdict.core.pipeline.NewExecution;
import dev.verdict.core.pipeline.Step;
import dev.verdict.core.tests.StateChange;
import dev.verdict.core.tests.TestState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The pipeline step that runs a suite's workflows over an upload, after its judgment is confirmed:
 * each monitor weighs the executions its filters let through (an outage's failures never: they are
 * evidence for nothing), per test, and an alarmed test does not alarm again until it has
 * recovered. Each edge is an event; its label and state actions are applied in the upload's
 * transaction and its webhooks and Slack messages queued there ({@link Delivery}).
 */
public final class Monitors implements Step {
    /** Events a workflow may notify about in a minute; above it labels and states still change. */
    public static final int EVENTS_PER_MINUTE = 500;

    @Override
    public void apply(Batch batch) {
        WorkflowWork work = batch.work().workflows();
        List<Workflow> workflows = work.workflows();
        if (workflows.isEmpty()) {
            return;
        }
        Upload upload = new Upload(batch);
        List<UUID> stateful = new ArrayList<>();
        for (Workflow w : workflows) {
            // New tests keep no state: a test is created once.
            if (w.spec().monitor().type() != MonitorType.NEW_TEST) {
                stateful.add(w.id());
            }
        }
        Map<UUID, Map<UUID, MonitorState>> states = stateful.isEmpty() ? Map.of() : work.states(stateful);
        for (Workflow workflow : workflows) {
            new Evaluation(workflow, upload, work, states.getOrDefault(workflow.id(), Map.of())).run();
        }
    }

    /** What every workflow reads of the upload. */
    private static final class Upload {
        final Instant now;
        final Judged judged;
        final RunContext run;
        final Set<UUID> created;
        /** Each test's executions, in the upload's order, an outage's failures left out. */
        final Map<UUID, List<NewExecution>> byTest = new LinkedHashMap<>();
        /**
         * The one tag map every execution has, when they share one (a collector's upload-level tags):
         * then a filter decides for the whole upload at once. Null when they differ.
         */
        final NewExecution typical;

        Upload(Batch batch) {
            now = batch.work().now();
            judged = batch.judged();
            run = batch.work().judgment().run();
            created = batch.tests().created();
            NewExecution first = null;
            boolean same = true;
            for (NewExecution e : batch.executions()) {
                if (!judged.infrastructure(e.id())) {
                    byTest.computeIfAbsent(e.testId(), t -> new ArrayList<>(1)).add(e);
                    if (first == null) {
                        first = e;
                    } else if (same && !first.result().tags().equals(e.result().tags())) {
                        same = false;
                    }
                }
            }
            typical = same ? first : null;
        }

        /** An execution's tag; {@code scm.branch} and {@code scm.commit_sha} are the run's when it sent none. */
        String tag(NewExecution e, String key) {
            String value = e.result().tags().get(key);
            if (value != null) {
                return value;
            }
            return switch (key) {
                case "scm.branch" -> run.branch().isEmpty() ? null : run.branch();
                case "scm.commit_sha" -> run.commitSha();
                case "result" -> e.result().result().wireName();
                default -> null;
            };
        }
    }

    /** An alarm or recovery found, before its actions run. */
    private record Edge(UUID test, WorkflowEvent.Kind kind, Map<String, Object> detail) {}

    /** One workflow over one upload. */
    private static final class Evaluation {
        private final Workflow workflow;
        private final WorkflowSpec spec;
        private final Monitor monitor;
        private final Upload upload;
        private final WorkflowWork work;
        /** The executions the filters let through, by test; read only. */
        private final Map<UUID, List<NewExecution>> inScope;

        private final Map<UUID, MonitorState> states;
        private final Map<UUID, MonitorState> kept = new LinkedHashMap<>();
        private final Map<UUID, MonitorState> dropped = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();
        /** Alarmed tests seen alarming afresh: their label and state actions are applied again. */
        private final Set<UUID> reasserted = new LinkedHashSet<>();

        Evaluation(Workflow workflow, Upload upload, WorkflowWork work, Map<UUID, MonitorState> states) {
            this.workflow = workflow;
            this.spec = workflow.spec();
            this.monitor = spec.monitor();
            this.upload = upload;
            this.work = work;
            this.inScope = scope();
            this.states = states;
        }

        /**
         * Which executions the filters let through. Most uploads give every execution the same
         * tags, so the filters decide once for all of them, and nothing is copied.
         */
        private Map<UUID, List<NewExecution>> scope() {
            boolean perResult = spec.filters().stream().anyMatch(f -> f.key().equals("result"));
            if (spec.filters().isEmpty()) {
                return upload.byTest;
            }
            if (upload.typical != null && !perResult) {
                return spec.matches(key -> upload.tag(upload.typical, key)) ? upload.byTest : Map.of();
            }
            Map<UUID, List<NewExecution>> inScope = new LinkedHashMap<>();
            upload.byTest.forEach((test, executions) -> {
                List<NewExecution> matching = new ArrayList<>(executions.size());
                for (NewExecution e : executions) {
                    if (spec.matches(key -> upload.tag(e, key))) {
                        matching.add(e);
                    }
                }
                if (!matching.isEmpty()) {
                    inScope.put(test, matching);
                }
            });
            return inScope;
        }

        void run() {
            switch (monitor.type()) {
                case TRANSITION_COUNT -> transitions();
                case DURATION_THRESHOLD -> durations();
                case PASSED_ON_RETRY -> passedOnRetry();
                case PROBABILISTIC_FLAKINESS -> probabilistic();
                case NEW_TEST -> newTests();
                case FLAKY -> judged(Health.FLAKY);
                case BROKEN -> judged(Health.BROKEN);
            }
            if (!kept.isEmpty() || !dropped.isEmpty()) {
                work.saveStates(kept.values(), dropped.values());
            }
            act();
        }

        private MonitorState state(UUID test) {
            MonitorState s = kept.get(test);
            if (s == null) {
                s = states.get(test);
            }
            return s == null ? MonitorState.none(workflow.id(), test) : s;
        }

        /** Keeps the test's new state, or drops its row when there is nothing left to keep. */
        private void put(MonitorState s) {
            if (s.kept()) {
                // A state the upload left as it was (a test failing every time) is not rewritten.
                if (s.equals(states.get(s.testId()))) {
                    kept.remove(s.testId());
                } else {
                    kept.put(s.testId(), s);
                }
                dropped.remove(s.testId());
            } else {
                kept.remove(s.testId());
                if (states.containsKey(s.testId())) {
                    dropped.put(s.testId(), s);
                }
            }
        }

        /**
         * Hysteresis: an alarm only from recovered, a recovery only from alarmed. The event's
         * detail is made only for an edge: most tests of most uploads have none.
         */
        private boolean edge(
                UUID test, boolean alarmed, boolean alarm, boolean recover, Supplier<Map<String, Object>> detail) {
            if (!alarmed && alarm) {
                edges.add(new Edge(test, WorkflowEvent.Kind.ALARM, detail.get()));
                return true;
            }
            if (alarmed && recover) {
                edges.add(new Edge(test, WorkflowEvent.Kind.RECOVER, detail.get()));
                return false;
            }
            return alarmed;
        }

        private void transitions() {
            int size = monitor.windowSize();
            inScope.forEach((test, executions) -> {
                MonitorState s = state(test);
                // Passes of a test with no window leave it with none: the common case costs nothing.
                if (s.window() == null && !s.alarmed() && !failed(executions)) {
                    return;
                }
                TransitionWindow window = s.window() != null
                        ? TransitionWindow.of(size, s.window())
                        : TransitionWindow.start(size, !upload.created.contains(test));
                boolean any = false;
                for (NewExecution e : executions) {
                    Result r = e.result().result();
                    if (r == Result.PASSED || r == Result.FAILED) {
                        window.add(r == Result.PASSED);
                        any = true;
                    }
                }
                if (!any) {
                    return;
                }
                double score = window.score();
                boolean alarmed = edge(
                        test,
                        s.alarmed(),
                        score >= monitor.alarmThreshold(),
                        score < monitor.recoverThreshold(),
                        () -> {
                            Map<String, Object> detail = detail();
                            detail.put("score", score);
                            detail.put("window_size", size);
                            detail.put("results", window.results());
                            return detail;
                        });
                put(new MonitorState(
                        workflow.id(), test, alarmed, window.allPassed() ? null : window.results(), null, 0));
            });
        }

        private void durations() {
            int size = monitor.windowSize();
            long alarmMillis = Math.round(monitor.alarmThreshold() * 1000);
            long recoverMillis = Math.round(monitor.recoverThreshold() * 1000);
            inScope.forEach((test, executions) -> {
                MonitorState s = state(test);
                boolean slow = false;
                boolean timed = false;
                for (NewExecution e : executions) {
                    Double seconds = e.result().duration();
                    if (seconds != null) {
                        timed = true;
                        slow |= Math.round(seconds * 1000) > recoverMillis;
                    }
                }
                // A fast run of a test with no window keeps none: it is what the window assumes.
                if (!timed || (s.window() == null && !s.alarmed() && !slow)) {
                    return;
                }
                List<Long> millis = new ArrayList<>(executions.size());
                for (NewExecution e : executions) {
                    if (e.result().duration() != null) {
                        millis.add(Math.round(e.result().duration() * 1000));
                    }
                }
                DurationWindow window = s.window() != null
                        ? DurationWindow.of(size, s.window())
                        : DurationWindow.start(size, upload.created.contains(test) ? 0 : size);
                millis.forEach(window::add);
                long p50 = window.p50();
                boolean alarmed = edge(test, s.alarmed(), p50 >= alarmMillis, p50 <= recoverMillis, () -> {
                    Map<String, Object> detail = detail();
                    detail.put("p50", p50 < 0 ? null : p50 / 1000.0);
                    detail.put("window_size", size);
                    return detail;
                });
                boolean keep = alarmed || !window.allAtMost(recoverMillis);
                put(new MonitorState(workflow.id(), test, alarmed, keep ? window.encoded() : null, null, 0));
            });
        }

        private void passedOnRetry() {
            Set<UUID> flippedNow = new HashSet<>();
            inScope.forEach((test, executions) -> {
                MonitorState s = state(test);
                if (upload.judged.flipped().contains(test)) {
                    flippedNow.add(test);
                    if (s.alarmed()) {
                        reasserted.add(test);
                    } else {
                        Map<String, Object> detail = detail();
                        detail.put("execution_id", executions.getFirst().id().toString());
                        detail.put("execution_run_id", upload.run.runId().toString());
                        detail.put("execution_commit_sha", upload.run.commitSha());
                        detail.put("execution_branch", upload.run.branch().isEmpty() ? null : upload.run.branch());
                        edges.add(new Edge(test, WorkflowEvent.Kind.ALARM, detail));
                    }
                    put(new MonitorState(workflow.id(), test, true, null, upload.now, 0));
                } else if (s.alarmed()) {
                    put(new MonitorState(
                            workflow.id(), test, true, null, s.lastEventAt(), s.quiet() + counted(executions)));
                }
            });
            Set<UUID> tests = new LinkedHashSet<>(states.keySet());
            tests.addAll(kept.keySet());
            for (UUID test : tests) {
                MonitorState s = state(test);
                if (!s.alarmed() || flippedNow.contains(test)) {
                    continue;
                }
                Instant last = s.lastEventAt() == null ? upload.now : s.lastEventAt();
                long daysQuiet = Duration.between(last, upload.now).toDays();
                if (s.quiet() >= monitor.windowExecutions() || daysQuiet >= monitor.windowDays()) {
                    Map<String, Object> detail = detail();
                    detail.put("executions_in_window", s.quiet());
                    detail.put("days_in_window", Math.min(daysQuiet, monitor.windowDays()));
                    edges.add(new Edge(test, WorkflowEvent.Kind.RECOVER, detail));
                    put(MonitorState.none(workflow.id(), test));
                }
            }
        }

        private static long counted(List<NewExecution> executions) {
            long n = 0;
            for (NewExecution e : executions) {
                Result r = e.result().result();
                n += r == Result.PASSED || r == Result.FAILED ? 1 : 0;
            }
            return n;
        }

        private void probabilistic() {
            List<UUID> tests = new ArrayList<>(inScope.keySet());
            states.forEach((test, s) -> {
                if (s.alarmed() && !inScope.containsKey(test)) {
                    tests.add(test);
                }
            });
            for (UUID test : tests) {
                MonitorState s = state(test);
                Double score = upload.judged.score().apply(test);
                if (score == null && !s.alarmed()) {
                    continue; // no flaky evidence to weigh: the common case
                }
                double value = score == null ? 0 : score;
                boolean alarm = inScope.containsKey(test) && value >= monitor.alarmThreshold();
                boolean alarmed = edge(test, s.alarmed(), alarm, value < monitor.recoverThreshold(), () -> {
                    Map<String, Object> detail = detail();
                    detail.put("score", value);
                    return detail;
                });
                put(new MonitorState(workflow.id(), test, alarmed, null, null, 0));
            }
        }

        private void newTests() {
            for (UUID test : inScope.keySet()) {
                if (upload.created.contains(test)) {
                    edges.add(new Edge(test, WorkflowEvent.Kind.ALARM, detail()));
                }
            }
        }

        /** Verdict's judge as a monitor: flaky or broken as the judgment found the test. */
        private void judged(Health target) {
            Judged judged = upload.judged;
            FailureKind kind = target == Health.FLAKY ? FailureKind.FLAKY : FailureKind.BROKEN;
            List<UUID> tests = new ArrayList<>(inScope.keySet());
            for (UUID test : judged.after().keySet()) {
                if (!inScope.containsKey(test)) {
                    tests.add(test);
                }
            }
            for (UUID test : tests) {
                MonitorState s = state(test);
                Health after = judged.after().get(test);
                if (after == null
                        && !s.alarmed()
                        && !judged.freshFlaky().contains(test)
                        && !failed(inScope.getOrDefault(test, List.of()))) {
                    continue; // passing, and nothing new said of it: the common case
                }
                boolean now = after == target || (after == null && seenAs(test, target, kind));
                if (!s.alarmed() && now && inScope.containsKey(test)) {
                    edges.add(new Edge(test, WorkflowEvent.Kind.ALARM, health(after, target)));
                    put(new MonitorState(workflow.id(), test, true, null, null, 0));
                } else if (s.alarmed() && after != null && after != target) {
                    edges.add(new Edge(test, WorkflowEvent.Kind.RECOVER, health(after, target)));
                    put(MonitorState.none(workflow.id(), test));
                } else if (s.alarmed()
                        && now
                        && target == Health.FLAKY
                        && judged.freshFlaky().contains(test)
                        && inScope.containsKey(test)) {
                    reasserted.add(test);
                }
            }
        }

        private Map<String, Object> health(Health after, Health target) {
            Map<String, Object> detail = detail();
            detail.put("health", after != null ? after.wireName() : target.wireName());
            return detail;
        }

        private static boolean failed(List<NewExecution> executions) {
            for (NewExecution e : executions) {
                if (e.result().result() == Result.FAILED) {
                    return true;
                }
            }
            return false;
        }

        /** Whether this upload shows a test whose health it did not change to be {@code target} still. */
        private boolean seenAs(UUID test, Health target, FailureKind kind) {
            if (target == Health.FLAKY && upload.judged.freshFlaky().contains(test)) {
                return true;
            }
            for (NewExecution e : inScope.getOrDefault(test, List.of())) {
                if (upload.judged.kinds().get(e.id()) == kind) {
                    return true;
                }
            }
            return false;
        }

        private Map<String, Object> detail() {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("type", monitor.type().wireName());
            detail.put("timestamp", Timestamps.format(upload.now));
            if (monitor.alarmThreshold() != null) {
                detail.put("alarm_threshold", monitor.alarmThreshold());
                detail.put("recover_threshold", monitor.recoverThreshold());
            }
            if (monitor.windowDays() != null) {
                detail.put("window_days", monitor.windowDays());
                detail.put("window_executions", monitor.windowExecutions());
            }
            return detail;
        }

        /** Runs each edge's actions: changes in this transaction, messages queued with their events. */
        private void act() {
            if (edges.isEmpty() && reasserted.isEmpty()) {
                return;
            }
            int allowed = edges.isEmpty()
                    ? 0
                    : Math.max(0, EVENTS_PER_MINUTE - work.eventsSince(workflow.id(), upload.now.minusSeconds(60)));
            Map<UUID, WorkflowWork.TestName> names = names();
            Map<String, Set<UUID>> labelled = new LinkedHashMap<>();
            Map<String, Set<UUID>> unlabelled = new LinkedHashMap<>();
            Map<TestState, Set<UUID>> stated = new LinkedHashMap<>();
            List<WorkflowEvent> events = new ArrayList<>(edges.size());
            List<Delivery> deliveries = new ArrayList<>();
            for (UUID test : reasserted) {
                for (Action a : spec.alarmActions()) {
                    change(a, test, labelled, unlabelled, stated);
                }
            }
            for (int i = 0; i < edges.size(); i++) {
                Edge edge = edges.get(i);
                UUID eventId = Ids.uuid7(upload.now.toEpochMilli());
                boolean notify = i < allowed;
                List<WorkflowEvent.ActionResult> results = new ArrayList<>();
                for (Action a : spec.actions(edge.kind() == WorkflowEvent.Kind.ALARM)) {
                    if (!a.type().delivered()) {
                        change(a, edge.test(), labelled, unlabelled, stated);
                        results.add(new WorkflowEvent.ActionResult(a.type().wireName(), "applied", null));
                    } else if (notify) {
                        UUID delivery = Ids.uuid7(upload.now.toEpochMilli());
                        deliveries.add(
                                new Delivery(delivery, eventId, workflow.id(), a.type(), a.url(), 0, upload.now));
                        results.add(new WorkflowEvent.ActionResult(a.type().wireName(), "queued", delivery));
                    } else {
                        results.add(new WorkflowEvent.ActionResult(a.type().wireName(), "suppressed", null));
                    }
                }
                WorkflowWork.TestName t = names.get(edge.test());
                events.add(new WorkflowEvent(
                        eventId,
                        workflow.id(),
                        workflow.suiteId(),
                        edge.test(),
                        edge.kind(),
                        t == null ? "" : t.full(),
                        t == null ? null : t.location(),
                        edge.detail(),
                        results,
                        upload.now));
            }
            labelled.forEach((label, tests) -> work.changeLabels(tests, label, true));
            unlabelled.forEach((label, tests) -> work.changeLabels(tests, label, false));
            stated.forEach((state, tests) -> work.changeState(
                    tests,
                    new StateChange(
                            state,
                            Optional.of(
                                    "the " + spec.monitor().type().wireName().replace('_', ' ')
                                            + " monitor "
                                            + (spec.alarmActions().stream().anyMatch(a -> a.state() == state)
                                                    ? "raised an alarm"
                                                    : "recovered")),
                            StateChange.by(spec.name(), workflow.id()),
                            upload.now)));
            if (!events.isEmpty()) {
                work.addEvents(events);
            }
            if (!deliveries.isEmpty()) {
                work.queue(deliveries);
            }
        }

        /** A label or state action on one test; the last change of a test in one upload wins. */
        private static void change(
                Action a,
                UUID test,
                Map<String, Set<UUID>> labelled,
                Map<String, Set<UUID>> unlabelled,
                Map<TestState, Set<UUID>> stated) {
            switch (a.type()) {
                case ADD_LABEL -> {
                    labelled.computeIfAbsent(a.label(), l -> new LinkedHashSet<>())
                            .add(test);
                    unlabelled.getOrDefault(a.label(), new HashSet<>()).remove(test);
                }
                case REMOVE_LABEL -> {
                    unlabelled
                            .computeIfAbsent(a.label(), l -> new LinkedHashSet<>())
                            .add(test);
                    labelled.getOrDefault(a.label(), new HashSet<>()).remove(test);
                }
                case CHANGE_STATE -> {
                    stated.values().forEach(tests -> tests.remove(test));
                    stated.computeIfAbsent(a.state(), s -> new LinkedHashSet<>())
                            .add(test);
                }
                case WEBHOOK, SLACK -> throw new IllegalArgumentException("a delivery is not a change");
            }
        }

        /** Each edge's test as events name it: from the upload, or the store for tests it did not run. */
        private Map<UUID, WorkflowWork.TestName> names() {
            Map<UUID, WorkflowWork.TestName> names = new HashMap<>();
            List<UUID> missing = new ArrayList<>();
            for (Edge edge : edges) {
                List<NewExecution> executions = upload.byTest.get(edge.test());
                if (executions != null) {
                    TestResult r = executions.getFirst().result();
                    names.put(edge.test(), new WorkflowWork.TestName(r.scope(), r.name(), r.location()));
                } else {
                    missing.add(edge.test());
                }
            }
            if (!missing.isEmpty()) {
                names.putAll(work.tests(missing));
            }
            return names;
        }
    }
}
