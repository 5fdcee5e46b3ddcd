package dev.verdict.bench.judgment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Makes a CI history whose truth is known: a suite of healthy, slow, flaky and broken tests run by
 * builds on {@code main} and a few feature branches, two jobs a build (linux reruns its failures
 * twice in the same upload; macos does not), some builds retried on the same commit, and a couple
 * of infrastructure outages that fail most of a job's tests until the build is retried.
 *
 * <p>Everything comes from one {@link SplittableRandom} drawn in a fixed order, so a seed and the
 * parameters make the same history every time.
 */
public final class HistoryGenerator {
    /** When every generated history begins (a Monday morning); a replay shifts it to its clock. */
    public static final Instant EPOCH = Instant.parse("2026-03-02T08:00:00Z");

    public static final String MAIN = "main";
    public static final String LINUX = "linux";
    public static final String MACOS = "macos";

    /** The linux job reruns a failed test up to this many times within its upload. */
    static final int LINUX_RERUNS = 2;

    /**
     * What to generate.
     *
     * @param seed where the randomness starts
     * @param tests how many tests the suite has (at least 20)
     * @param builds about how many builds to run, retries included
     * @param branches feature branches; 0 draws 3 to 6
     * @param days how long the history lasts
     * @param outages builds hit by an infrastructure outage (each retried, passing normally)
     */
    public record Parameters(long seed, int tests, int builds, int branches, int days, int outages) {
        public Parameters {
            if (tests < 20 || builds < 10 || branches < 0 || days < 1 || outages < 0) {
                throw new IllegalArgumentException("at least 20 tests, 10 builds and 1 day; no negative counts");
            }
        }

        /** The full-size history: 300 tests, about 80 builds over 10 days, 3–6 branches, 2 outages. */
        public static Parameters defaults(long seed) {
            return new Parameters(seed, 300, 80, 0, 10, 2);
        }

        public Parameters withSeed(long value) {
            return new Parameters(value, tests, builds, branches, days, outages);
        }

        public Parameters withTests(int value) {
            return new Parameters(seed, value, builds, branches, days, outages);
        }

        public Parameters withBuilds(int value) {
            return new Parameters(seed, tests, value, branches, days, outages);
        }

        public Parameters withBranches(int value) {
            return new Parameters(seed, tests, builds, value, days, outages);
        }
    }

    /** A commit pushed to a branch: its ordinal on the branch (0 first) and when CI picked it up. */
    private record Push(String branch, int ordinal, String sha, Instant plannedAt) {}

    /** Commits {@code from} (inclusive) to {@code until} (exclusive) of {@code branch} break a test. */
    private record Breakage(String branch, int from, int until) {
        boolean covers(Push push) {
            return push.branch().equals(branch) && push.ordinal() >= from && push.ordinal() < until;
        }
    }

    /** How one test behaves; its truth is read off the builds afterwards. */
    private record Behaviour(
            TestClass kind,
            FlakyKind flakyKind,
            double probability,
            double duration,
            String reason,
            Breakage breakage) {}

    /** An outage of one build: per hit platform, the share of tests it fails, and the reason's form. */
    private record Outage(Map<String, Double> hit, int template) {}

    /** Flaky tests take these kinds in turn, so each is about a third of them. */
    private static final List<FlakyKind> FLAKY_KINDS =
            List.of(FlakyKind.ANYWHERE, FlakyKind.LINUX_ONLY, FlakyKind.FIRST_ATTEMPT);

    private static final String[] MODULES = {
        "checkout",
        "billing",
        "accounts",
        "search",
        "inventory",
        "shipping",
        "notifications",
        "reports",
        "auth",
        "catalog",
        "orders",
        "payments",
        "profiles",
        "sessions",
        "webhooks",
        "imports",
        "exports",
        "audit",
        "pricing",
        "coupons",
        "reviews",
        "carts",
        "refunds",
        "tax",
        "settings",
        "teams",
        "invites",
        "uploads",
        "feeds",
        "alerts"
    };
    private static final String[] VERBS = {
        "creates", "updates", "deletes", "lists", "finds", "rejects", "validates", "renders", "exports",
        "imports", "retries", "caches", "paginates", "sorts", "filters", "merges", "archives", "restores",
        "notifies about", "schedules"
    };
    private static final String[] OBJECTS = {
        "a draft",
        "an empty cart",
        "expired tokens",
        "a duplicate email",
        "the first page",
        "a missing record",
        "unicode names",
        "large payloads",
        "a stale lock",
        "concurrent writes",
        "a refunded order",
        "a zero amount",
        "the audit trail",
        "a deleted user",
        "nested items",
        "a past date",
        "the default currency",
        "a long description",
        "an admin",
        "a guest"
    };
    private static final String[] TOPICS = {
        "dark-mode",
        "faster-search",
        "invoice-pdf",
        "sso",
        "bulk-import",
        "new-pricing",
        "audit-export",
        "retry-webhooks"
    };

    private final Parameters parameters;
    private final SplittableRandom random;
    private final List<TestCase> tests = new ArrayList<>();
    private final List<Behaviour> behaviours = new ArrayList<>();
    private final List<Build> builds = new ArrayList<>();
    private final List<Push> pushOfBuild = new ArrayList<>();
    private final Set<Integer> victims = new HashSet<>();

    /**
     * How much each test leans on the services an outage takes down, 0 to 1: an outage failing a
     * share f of a job's tests fails those whose exposure is below f. So outages hit the same tests
     * again (those that touch the database), and the tests that touch nothing are never victims,
     * which leaves healthy tests that never failed to count false labels against.
     */
    private final List<Double> exposure = new ArrayList<>();

    private HistoryGenerator(Parameters parameters) {
        this.parameters = parameters;
        this.random = new SplittableRandom(parameters.seed());
    }

    public static History generate(Parameters parameters) {
        return new HistoryGenerator(parameters).run();
    }

    private History run() {
        makeTests();
        // Retries add about 15% to the pushes; the history is cut at no fixed count, so that every
        // breakage the plan holds is really built.
        int pushes = Math.max(4, (int) Math.round(parameters.builds() / 1.15));
        int branchCount = parameters.branches() > 0 ? parameters.branches() : 3 + random.nextInt(4);
        List<Push> plan = planPushes(pushes, branchCount);
        assignBehaviours(plan);
        Map<Integer, Outage> outages = planOutages(plan);
        Instant last = EPOCH;
        for (int i = 0; i < plan.size(); i++) {
            Push push = plan.get(i);
            Instant start = later(push.plannedAt(), last.plus(Duration.ofMinutes(2)));
            Outage outage = outages.get(i);
            Build build = simulate(push, start, -1, outage);
            last = build.finishedAt();
            if (outage != null || random.nextDouble() < retryChance(build)) {
                Build retry =
                        simulate(push, last.plus(Duration.ofMinutes(5 + random.nextInt(26))), build.index(), null);
                last = retry.finishedAt();
            }
        }
        return new History(parameters, tests, truths(), builds);
    }

    // ---- the suite

    private void makeTests() {
        int files = Math.max(1, (int) Math.round(parameters.tests() / 10.0));
        double[] weights = new double[files];
        double sum = 0;
        for (int f = 0; f < files; f++) {
            weights[f] = 0.5 + random.nextDouble();
            sum += weights[f];
        }
        int[] sizes = new int[files];
        int given = 0;
        for (int f = 0; f < files; f++) {
            sizes[f] = Math.max(1, (int) Math.floor(parameters.tests() * weights[f] / sum));
            given += sizes[f];
        }
        for (int f = 0; given != parameters.tests(); f = (f + 1) % files) {
            if (given < parameters.tests()) {
                sizes[f]++;
                given++;
            } else if (sizes[f] > 1) {
                sizes[f]--;
                given--;
            }
        }
        for (int f = 0; f < files; f++) {
            String module =
                    MODULES[f % MODULES.length] + (f < MODULES.length ? "" : String.valueOf(f / MODULES.length));
            String scope = Character.toUpperCase(module.charAt(0)) + module.substring(1) + "Service";
            String fileName = "src/" + module + "/" + scope + ".test.ts";
            Set<String> names = new LinkedHashSet<>();
            while (names.size() < sizes[f]) {
                String name = VERBS[random.nextInt(VERBS.length)] + " " + OBJECTS[random.nextInt(OBJECTS.length)];
                if (!names.add(name)) {
                    names.add(name + " (" + (names.size() + 1) + ")");
                }
            }
            int line = 3;
            for (String name : names) {
                line += 6 + random.nextInt(20);
                tests.add(new TestCase(tests.size(), scope, name, fileName, fileName + ":" + line));
            }
        }
    }

    // ---- the builds' plan

    private List<Push> planPushes(int pushes, int branchCount) {
        String[] slots = new String[pushes];
        for (int b = 0; b < branchCount; b++) {
            String branch = "feature/" + TOPICS[b % TOPICS.length] + (b < TOPICS.length ? "" : "-" + b);
            int commits = 2 + random.nextInt(4);
            int pos = 1 + random.nextInt(Math.max(1, pushes - 2 * commits - 1));
            for (int c = 0; c < commits; c++) {
                while (pos < pushes && slots[pos] != null) {
                    pos++;
                }
                if (pos >= pushes) {
                    break;
                }
                slots[pos] = branch;
                pos += 1 + random.nextInt(3);
            }
        }
        Duration gap = Duration.ofDays(parameters.days()).dividedBy(pushes);
        Map<String, Integer> ordinals = new HashMap<>();
        List<Push> plan = new ArrayList<>();
        for (int i = 0; i < pushes; i++) {
            String branch = slots[i] == null ? MAIN : slots[i];
            int ordinal = ordinals.merge(branch, 1, Integer::sum) - 1;
            Instant at =
                    EPOCH.plus(gap.multipliedBy(i)).plusMillis((long) (random.nextDouble() * gap.toMillis() * 0.5));
            plan.add(new Push(branch, ordinal, sha(), at));
        }
        return plan;
    }

    private void assignBehaviours(List<Push> plan) {
        int n = parameters.tests();
        double scale = n / 300.0;
        int broken = Math.max(2, (int) Math.round(scale * (8 + random.nextInt(5))));
        int flaky = Math.max(3, (int) Math.round(scale * (25 + random.nextInt(11))));
        int slow = Math.max(2, (int) Math.round(scale * (8 + random.nextInt(5))));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        for (int i = n - 1; i > 0; i--) {
            Collections.swap(order, i, random.nextInt(i + 1));
        }
        Map<String, Integer> commits = new HashMap<>();
        for (Push push : plan) {
            commits.merge(push.branch(), 1, Integer::sum);
        }
        List<String> branches =
                commits.keySet().stream().filter(b -> !b.equals(MAIN)).sorted().toList();
        int onBranches = branches.isEmpty() ? 0 : Math.max(1, (int) Math.round(broken * 0.3));
        Behaviour[] assigned = new Behaviour[n];
        for (int k = 0; k < n; k++) {
            int test = order.get(k);
            double duration = Math.exp(Math.log(0.005) + random.nextDouble() * (Math.log(2.0) - Math.log(0.005)));
            if (k < broken) {
                Breakage breakage =
                        k < broken - onBranches ? mainBreakage(commits.get(MAIN)) : branchBreakage(branches, commits);
                assigned[test] = new Behaviour(TestClass.BROKEN, null, 0, duration, brokenReason(), breakage);
            } else if (k < broken + flaky) {
                FlakyKind kind = FLAKY_KINDS.get((k - broken) % FLAKY_KINDS.size());
                double p = Math.exp(Math.log(0.02) + random.nextDouble() * (Math.log(0.3) - Math.log(0.02)));
                assigned[test] = new Behaviour(TestClass.FLAKY, kind, p, duration, null, null);
            } else if (k < broken + flaky + slow) {
                assigned[test] = new Behaviour(TestClass.SLOW, null, 0, 12 + random.nextDouble() * 38, null, null);
            } else {
                assigned[test] = new Behaviour(TestClass.HEALTHY, null, 0, duration, null, null);
            }
        }
        behaviours.addAll(List.of(assigned));
        for (int t = 0; t < n; t++) {
            exposure.add(random.nextDouble());
        }
    }

    /** A regression on main: broken from one of its commits until a fix 2 to 8 main builds later. */
    private Breakage mainBreakage(int mainCommits) {
        int from = 1 + random.nextInt(Math.max(1, mainCommits - 4));
        return new Breakage(MAIN, from, from + 2 + random.nextInt(7));
    }

    /**
     * A breakage on a feature branch, main unharmed: from one of its commits for at least two
     * commits, until a fix or the branch's end.
     */
    private Breakage branchBreakage(List<String> branches, Map<String, Integer> commits) {
        String branch = branches.get(random.nextInt(branches.size()));
        int k = commits.get(branch);
        int from = k <= 2 ? 0 : random.nextInt(k - 1);
        int until = Math.min(k, from + 2) + random.nextInt(Math.max(1, k - from - 1));
        return new Breakage(branch, from, Math.min(k, until));
    }

    private Map<Integer, Outage> planOutages(List<Push> plan) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 2; i < plan.size(); i++) {
            if (plan.get(i).branch().equals(MAIN)) {
                candidates.add(i);
            }
        }
        Map<Integer, Outage> outages = new HashMap<>();
        for (int o = 0; o < parameters.outages() && !candidates.isEmpty(); o++) {
            Collections.swap(candidates, random.nextInt(candidates.size()), candidates.size() - 1);
            int at = candidates.removeLast();
            Map<String, Double> hit = new HashMap<>();
            int which = random.nextInt(4); // both jobs half the time, else one of them
            if (which != 2) {
                hit.put(LINUX, 0.6 + random.nextDouble() * 0.35);
            }
            if (which != 3) {
                hit.put(MACOS, 0.6 + random.nextDouble() * 0.35);
            }
            outages.put(at, new Outage(hit, random.nextInt(4)));
        }
        return outages;
    }

    /**
     * People retry red builds far more than green ones, whatever turned them red: a build a test
     * broke (which a retry cannot fix) as often as one a flaky test did. With some 30 flaky tests
     * most builds are red, so this keeps retries near 15% of the builds.
     */
    private double retryChance(Build build) {
        return build.red() ? 0.17 : 0.03;
    }

    // ---- running a build

    private Build simulate(Push push, Instant start, int retryOf, Outage outage) {
        List<Job> jobs = new ArrayList<>();
        for (String platform : List.of(LINUX, MACOS)) {
            Double share = outage == null ? null : outage.hit().get(platform);
            Set<Integer> hit = new HashSet<>();
            if (share != null) {
                for (int t = 0; t < tests.size(); t++) {
                    if (exposure.get(t) < share) {
                        hit.add(t);
                    }
                }
            }
            int reruns = platform.equals(LINUX) ? LINUX_RERUNS : 0;
            List<Execution> executions = new ArrayList<>();
            for (int t = 0; t < tests.size(); t++) {
                for (int attempt = 0; attempt <= reruns; attempt++) {
                    Execution e = execute(t, push, platform, attempt, hit.contains(t) ? outage : null);
                    executions.add(e);
                    if (e.passed()) {
                        break;
                    }
                }
            }
            Duration took =
                    Duration.ofSeconds(platform.equals(LINUX) ? 240 + random.nextInt(300) : 360 + random.nextInt(480));
            jobs.add(new Job(platform, uuid(), start.plus(took), share != null, executions));
        }
        jobs.sort(Comparator.comparing(Job::finishedAt));
        Build build =
                new Build(builds.size(), builds.size() + 1, push.branch(), push.sha(), start, uuid(), retryOf, jobs);
        builds.add(build);
        pushOfBuild.add(push);
        return build;
    }

    private Execution execute(int test, Push push, String platform, int attempt, Outage outage) {
        Behaviour b = behaviours.get(test);
        double jitter = 0.7 + random.nextDouble() * 0.7;
        if (outage != null) {
            victims.add(test);
            return new Execution(test, false, outageReason(outage.template()), 0.01 + random.nextDouble() * 0.2);
        }
        switch (b.kind()) {
            case BROKEN -> {
                if (b.breakage().covers(push)) {
                    return new Execution(test, false, b.reason(), b.duration() * jitter);
                }
            }
            case FLAKY -> {
                boolean exposed = switch (b.flakyKind()) {
                    case ANYWHERE -> true;
                    case LINUX_ONLY -> platform.equals(LINUX);
                    case FIRST_ATTEMPT -> attempt == 0;
                };
                if (exposed && random.nextDouble() < b.probability()) {
                    return new Execution(test, false, flakyReason(test), b.duration() * jitter);
                }
            }
            case SLOW -> {
                double slow = Math.min(60, Math.max(10, b.duration() * (0.75 + random.nextDouble() * 0.5)));
                return new Execution(test, true, null, slow);
            }
            case HEALTHY -> {
                // passes
            }
        }
        return new Execution(test, true, null, b.duration() * jitter);
    }

    // ---- the truth, read off the builds

    private List<Truth> truths() {
        int n = tests.size();
        List<List<Integer>> brokenBuilds = new ArrayList<>();
        int[] firstEvidence = new int[n];
        for (int t = 0; t < n; t++) {
            brokenBuilds.add(new ArrayList<>());
            firstEvidence[t] = -1;
        }
        for (Build build : builds) {
            Push push = pushOfBuild.get(build.index());
            for (int t = 0; t < n; t++) {
                Breakage breakage = behaviours.get(t).breakage();
                if (breakage != null && breakage.covers(push)) {
                    brokenBuilds.get(t).add(build.index());
                }
            }
            for (Job job : build.jobs()) {
                for (Execution e : job.executions()) {
                    int t = e.test();
                    if (behaviours.get(t).kind() == TestClass.FLAKY
                            && !e.passed()
                            && !job.outage()
                            && firstEvidence[t] < 0) {
                        firstEvidence[t] = build.index();
                    }
                }
            }
        }
        List<Truth> truths = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Behaviour b = behaviours.get(t);
            List<Integer> broken = brokenBuilds.get(t);
            int evidence =
                    b.kind() == TestClass.BROKEN ? (broken.isEmpty() ? -1 : broken.getFirst()) : firstEvidence[t];
            truths.add(new Truth(
                    b.kind(),
                    b.flakyKind(),
                    b.probability(),
                    b.breakage() == null ? null : b.breakage().branch(),
                    broken,
                    victims.contains(t),
                    evidence));
        }
        return truths;
    }

    // ---- names, reasons, ids

    private String brokenReason() {
        return switch (random.nextInt(4)) {
            case 0 ->
                String.format(
                        Locale.ROOT,
                        "AssertionError: expected %d to equal %d",
                        100 + random.nextInt(900),
                        random.nextInt(100));
            case 1 -> "Error: expected status 200 but received " + (400 + random.nextInt(104));
            case 2 ->
                "TypeError: Cannot read properties of undefined (reading '"
                        + OBJECTS[random.nextInt(OBJECTS.length)].replace(' ', '_') + "')";
            default ->
                String.format(
                        Locale.ROOT,
                        "expect(received).toHaveLength(expected) Expected length: %d Received length: %d",
                        2 + random.nextInt(5),
                        random.nextInt(2));
        };
    }

    /** A flaky failure's reason varies from one failure to the next: the numbers in it move. */
    private String flakyReason(int test) {
        return switch (test % 4) {
            case 0 ->
                "Timeout - Async callback was not invoked within the " + (5000 + 1000 * random.nextInt(3))
                        + " ms timeout";
            case 1 ->
                String.format(
                        Locale.ROOT,
                        "expect(received).toBeLessThan(expected) Expected: < 500 Received: %d",
                        500 + random.nextInt(700));
            case 2 ->
                String.format(
                        Locale.ROOT,
                        "TimeoutError: waiting for selector `.toast` failed: timeout %dms exceeded",
                        1000 + random.nextInt(9000));
            default ->
                String.format(
                        Locale.ROOT, "Error: socket hang up (ECONNRESET) after %.2fs", 0.5 + random.nextDouble() * 30);
        };
    }

    private String outageReason(int template) {
        return switch (template) {
            case 0 -> "connect ECONNREFUSED 10.0.3." + (2 + random.nextInt(250)) + ":5432";
            case 1 -> String.format(Locale.ROOT, "Error: connection refused (db-%06x:6379)", random.nextInt(1 << 24));
            case 2 -> "Error: getaddrinfo EAI_AGAIN postgres-" + random.nextInt(10) + ".ci.internal";
            default ->
                String.format(
                        Locale.ROOT,
                        "ReplyError: LOADING Redis is loading the dataset in memory (pid %d, %d keys)",
                        1000 + random.nextInt(60000),
                        random.nextInt(1_000_000));
        };
    }

    private String sha() {
        return String.format(Locale.ROOT, "%016x%016x%08x", random.nextLong(), random.nextLong(), random.nextInt());
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
