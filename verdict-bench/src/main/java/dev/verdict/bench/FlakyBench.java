package dev.verdict.bench;

import dev.verdict.bench.judgment.Build;
import dev.verdict.bench.judgment.Evaluation;
import dev.verdict.bench.judgment.Execution;
import dev.verdict.bench.judgment.History;
import dev.verdict.bench.judgment.HistoryGenerator;
import dev.verdict.bench.judgment.Job;
import dev.verdict.bench.judgment.Replay;
import dev.verdict.bench.judgment.ReplayClock;
import dev.verdict.bench.judgment.Scenario;
import dev.verdict.bench.judgment.Scores;
import dev.verdict.bench.judgment.TestCase;
import dev.verdict.bench.judgment.TestClass;
import dev.verdict.bench.judgment.TestOutcome;
import dev.verdict.bench.judgment.Truth;
import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import dev.verdict.server.http.RateLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "flaky",
        mixinStandardHelpOptions = true,
        description = {
            "Score the server's judgment of tests (healthy, flaky, broken) against CI",
            "histories whose truth is known: ~300 tests, ~80 builds over 10 days on main",
            "and feature branches, two jobs a build, retries and infrastructure outages",
            "(--scenario picks another shape of CI).",
            "Each seed is replayed through the upload API into a server on a fresh store,",
            "its clock set to each upload's time; every test's health is read after every",
            "build. Exit code 0 when every seed meets the targets, 1 when one misses."
        })
final class FlakyBench implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres (default ${DEFAULT-VALUE}).")
    Store.Kind kind;

    @Option(names = "--seed", defaultValue = "1", description = "The first seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description = "How many seeds to run, from --seed on; each prints its figures, then a summary pools"
                    + " them (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(
            names = "--scenario",
            defaultValue = "default",
            completionCandidates = ScenarioNames.class,
            description = "The kind of CI history: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--tests", defaultValue = "300", description = "Tests in the suite (default ${DEFAULT-VALUE}).")
    int tests;

    @Option(
            names = "--builds",
            defaultValue = "80",
            description = "About how many builds, retries included (default ${DEFAULT-VALUE}).")
    int builds;

    @Option(
            names = "--branches",
            defaultValue = "0",
            description = "Feature branches; 0 draws 3 to 6 from the seed (default ${DEFAULT-VALUE}).")
    int branches;

    @Option(
            names = "--mistakes",
            description = "Print each wrong label to stderr with the evidence the server gives for it (GET"
                    + " tests/{id}/health), to see why.")
    boolean mistakes;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1");
        }
        Scenario shape = Scenario.named(scenario);
        List<TestOutcome> pooled = new ArrayList<>();
        Map<String, Long> pooledHistory = new LinkedHashMap<>();
        List<Long> missedSeeds = new ArrayList<>();
        double seconds = 0;
        for (long s = seed; s < seed + seeds; s++) {
            HistoryGenerator.Parameters parameters = shape.apply(HistoryGenerator.Parameters.defaults(s)
                    .withTests(tests)
                    .withBuilds(builds)
                    .withBranches(branches));
            History history = HistoryGenerator.generate(parameters);
            Stats.progress("seed " + s + " (" + shape.wireName() + "): "
                    + history.tests().size() + " tests, " + history.builds().size() + " builds on " + kind);
            Evaluation evaluation = evaluate(history);
            seconds += evaluation.took().toMillis() / 1000.0;
            System.out.println("scenario: " + shape.wireName());
            System.out.println("seed: " + s);
            history.figures().forEach((name, value) -> System.out.println(name + ": " + value));
            System.out.println(String.format(
                    Locale.ROOT, "replay_seconds: %.1f", evaluation.took().toMillis() / 1000.0));
            evaluation.scores().lines().forEach(System.out::println);
            if (!evaluation.scores().missed().isEmpty()) {
                missedSeeds.add(s);
            }
            pooled.addAll(evaluation.outcomes());
            history.figures().forEach((name, value) -> pooledHistory.merge(name, value, Long::sum));
            System.out.flush();
        }
        Store.stopPostgres();
        if (seeds > 1) {
            Scores summary = Scores.of(pooled);
            System.out.println("summary.scenario: " + shape.wireName());
            System.out.println("summary.seeds: " + seeds);
            pooledHistory.forEach((name, value) -> System.out.println("summary." + name + ": " + value));
            System.out.println(String.format(Locale.ROOT, "summary.replay_seconds_per_seed: %.1f", seconds / seeds));
            summary.figures()
                    .forEach((name, value) -> System.out.println("summary." + name + ": " + Scores.format(value)));
            System.out.println("summary.seeds_meeting_targets: " + (seeds - missedSeeds.size()));
            List<String> missed = new ArrayList<>();
            if (!missedSeeds.isEmpty()) {
                missed.add("seeds " + missedSeeds.stream().map(String::valueOf).toList());
            }
            missed.addAll(summary.missed().stream().map(m -> "pooled " + m).toList());
            System.out.println(Scores.targetsLine(missed));
        }
        return missedSeeds.isEmpty() ? 0 : 1;
    }

    /** A server of its own on a fresh store, so no seed's judgment leans on another's tests. */
    private Evaluation evaluate(History history) throws Exception {
        ReplayClock clock = new ReplayClock(HistoryGenerator.EPOCH.minus(Duration.ofHours(1)));
        try (Store store = Store.fresh(kind);
                VerdictServer server =
                        VerdictServer.start(VerdictConfig.defaults(store.target(), new SecretBox(SecretBox.newKey()))
                                .withClock(clock)
                                .withRateLimits(RateLimits.OFF));
                HttpClient http = HttpClient.newHttpClient()) {
            Organization org = server.storage().access().ensureOrganization("bench");
            String token = server.accessTokens().create(org, EnumSet.allOf(Scope.class), Optional.of("flaky bench"));
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("/v2/analytics/organizations/bench/suites"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"Judgment\",\"default_branch\":\"main\",\"show_api_token\":true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201 && created.statusCode() != 200) {
                throw new IllegalStateException(
                        "creating the suite answered " + created.statusCode() + " " + created.body());
            }
            JsonNode suite = JSON.readTree(created.body());
            Replay replay = new Replay(
                    new Replay.Target(
                            server.uri(),
                            "bench",
                            suite.get("slug").stringValue(),
                            suite.get("api_token").stringValue(),
                            token),
                    clock,
                    Stats::progress);
            Evaluation evaluation = Evaluation.run(history, replay);
            if (mistakes) {
                explainMistakes(http, server.uri(), suite.get("slug").stringValue(), token, evaluation);
            }
            return evaluation;
        }
    }

    /**
     * Each test labelled what it is not, or flaky or broken with evidence but never labelled so,
     * with what it really is, the builds it failed in, and the server's evidence; and each test
     * the history could not tell, with what it was labelled.
     */
    private static void explainMistakes(HttpClient http, URI server, String suite, String token, Evaluation evaluation)
            throws Exception {
        Map<String, String> ids = new HashMap<>();
        String base = "/v2/analytics/organizations/bench/suites/" + suite + "/tests";
        for (int page = 1; ; page++) {
            JsonNode tests = get(http, server, base + "?per_page=100&period=28days&page=" + page, token);
            tests.forEach(t -> ids.put(
                    TestCase.key(t.get("scope").stringValue(), t.get("name").stringValue()),
                    t.get("id").stringValue()));
            if (tests.size() < 100) {
                break;
            }
        }
        History history = evaluation.history();
        Map<String, String> buildsOfCommit = new HashMap<>();
        for (Build b : history.builds()) {
            buildsOfCommit.merge(b.commitSha(), "#" + b.number(), (a, c) -> a + "," + c);
        }
        for (int i = 0; i < evaluation.outcomes().size(); i++) {
            TestOutcome o = evaluation.outcomes().get(i);
            boolean broken = o.kind() == TestClass.BROKEN;
            List<String> wrong = new ArrayList<>();
            if (o.labelledFlaky() && !o.flaky()) {
                wrong.add("labelled flaky");
            }
            if (o.labelledBroken() && !broken) {
                wrong.add("labelled broken");
            }
            if (o.flaky() && o.flakyEvidence() && !o.labelledFlaky()) {
                wrong.add("flaky, never labelled");
            }
            if (broken && o.evidence() && !o.labelledBroken()) {
                wrong.add("broken, never labelled");
            }
            String label = o.labelledBroken() ? "labelled broken" : o.labelledFlaky() ? "labelled flaky" : null;
            if (!o.decidable()) {
                if (label == null) {
                    continue;
                }
                wrong = List.of(label + " (undecidable, not scored)");
            } else if (wrong.isEmpty()) {
                continue;
            }
            TestCase test = history.tests().get(i);
            Truth truth = history.truths().get(i);
            System.err.println((o.decidable() ? "mistake: " : "undecidable: ") + o.category() + " " + test.scope()
                    + " / " + test.name() + ": " + String.join("; ", wrong));
            System.err.println("    truth: " + describe(history, truth));
            System.err.println("    failed in: " + failures(history, i));
            String id = ids.get(test.key());
            if (id != null) {
                get(http, server, base + "/" + id + "/health?per_page=100", token)
                        .get("evidence")
                        .forEach(e ->
                                System.err.println("    " + e.get("created_at").stringValue() + " "
                                        + buildsOfCommit.getOrDefault(
                                                e.path("commit_sha").stringValue(""), "?")
                                        + " " + e.get("signal").stringValue() + " on " + e.get("branch") + ": "
                                        + e.get("detail").stringValue() + " -> "
                                        + e.get("health").stringValue()));
            }
        }
    }

    /** What a test really is, in a few words. */
    private static String describe(History history, Truth truth) {
        StringBuilder s = new StringBuilder(truth.kind().label());
        if (truth.flakyKind() != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "%s %s p=%.3f",
                    truth.brokenAndFlaky() ? " and flaky" : "",
                    truth.flakyKind().name().toLowerCase(Locale.ROOT),
                    truth.failureProbability()));
        }
        if (truth.brokenBranch() != null) {
            s.append(" on ")
                    .append(truth.brokenBranch())
                    .append(" in builds ")
                    .append(truth.brokenBuilds().stream()
                            .map(b -> "#" + history.builds().get(b).number())
                            .toList());
        }
        if (truth.outageVictim()) {
            s.append(", an outage victim");
        }
        return s.toString();
    }

    /**
     * The builds a test failed in: number, branch, and per job its attempts (F failed, P passed;
     * a job an outage hit is marked {@code !}).
     */
    private static String failures(History history, int test) {
        List<String> builds = new ArrayList<>();
        for (Build b : history.builds()) {
            List<String> jobs = new ArrayList<>();
            boolean failed = false;
            for (Job job : b.jobs()) {
                StringBuilder attempts = new StringBuilder();
                for (Execution e : job.executions()) {
                    if (e.test() == test) {
                        attempts.append(e.passed() ? 'P' : 'F');
                        failed |= !e.passed();
                    }
                }
                if (!attempts.isEmpty()) {
                    jobs.add(job.platform() + (job.outage() ? "!" : "") + " " + attempts);
                }
            }
            if (failed) {
                builds.add("#" + b.number() + " " + b.branch()
                        + (b.retry() ? " (retry of #" + (b.retryOf() + 1) + ")" : "") + " [" + String.join(", ", jobs)
                        + "]");
            }
        }
        return builds.isEmpty() ? "none" : String.join("; ", builds);
    }

    /** The scenarios' names, for the help. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Scenario.names().iterator();
        }
    }

    private static JsonNode get(HttpClient http, URI server, String path, String token) throws Exception {
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(server.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Buildkite-Version", Replay.TESTS_API_VERSION)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + reply.statusCode() + " " + reply.body());
        }
        return JSON.readTree(reply.body());
    }
}
