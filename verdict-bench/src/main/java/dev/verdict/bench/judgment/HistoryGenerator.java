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
 * builds on {@code main} and a few feature branches, some builds retried on the same commit, and a
 * few infrastructure outages that fail part of a job's tests until the build is retried. By
 * default each build has two jobs (linux reruns its failures twice in the same upload; macos does
 * not); {@link Parameters} describe other CI shapes, and {@link Scenario} names the sets of them
 * the judgment is measured on.
 *
 * <p>Everything comes from one {@link SplittableRandom} drawn in a fixed order, so a seed and the
 * parameters make the same history every time. A parameter left at its default draws nothing
 * extra, so the default history stays what it was before the parameter existed.
 */
public final class HistoryGenerator {
    /** When every generated history begins (a Monday morning); a replay shifts it to its clock. */
    public static final Instant EPOCH = Instant.parse("2026-03-02T08:00:00Z");

    public static final String MAIN = "main";
    public static final String LINUX = "linux";
    public static final String MACOS = "macos";

    /** The name of the small job {@link Jobs#smokeFiles()} adds. */
    static final String SMOKE = "smoke";

    /** The linux job reruns a failed test up to this many times within its upload, by default. */
    static final int LINUX_RERUNS = 2;

    /** Builds in a row a long outage hits: a build and the retries someone starts while it lasts. */
    static final int LONG_OUTAGE_BUILDS = 3;

    /**
     * What to generate.
     *
     * @param seed where the randomness starts
     * @param tests how many tests the suite has (at least 20)
     * @param builds about how many builds to run, retries included
     * @param branches feature branches; 0 draws 3 to 6
     * @param days how long the history lasts
     * @param outages builds hit by an infrastructure outage (each retried until a retry passes it)
     * @param jobs how a build runs the suite
     * @param retries when a build is retried on its commit
     * @param outageShape what the outages look like
     * @param regressions what the broken tests' regressions look like
     */
    public record Parameters(
            long seed,
            int tests,
            int builds,
            int branches,
            int days,
            int outages,
            Jobs jobs,
            Retries retries,
            OutageShape outageShape,
            Regressions regressions) {
        public Parameters {
            if (tests < 20 || builds < 10 || branches < 0 || days < 1 || outages < 0) {
                throw new IllegalArgumentException("at least 20 tests, 10 builds and 1 day; no negative counts");
            }
            if (jobs == null || retries == null || outageShape == null || regressions == null) {
                throw new IllegalArgumentException("every part of the CI shape is given");
            }
        }

        /** Today's CI shape: two full-suite jobs, linux rerunning, retries, network-style outages. */
        public Parameters(long seed, int tests, int builds, int branches, int days, int outages) {
            this(
                    seed,
                    tests,
                    builds,
                    branches,
                    days,
                    outages,
                    Jobs.DEFAULT,
                    Retries.DEFAULT,
                    OutageShape.DEFAULT,
                    Regressions.DEFAULT);
        }

        /** The full-size history: 300 tests, about 80 builds over 10 days, 3–6 branches, 2 outages. */
        public static Parameters defaults(long seed) {
            return new Parameters(seed, 300, 80, 0, 10, 2);
        }

        public Parameters withSeed(long value) {
            return new Parameters(
                    value, tests, builds, branches, days, outages, jobs, retries, outageShape, regressions);
        }

        public Parameters withTests(int value) {
            return new Parameters(
                    seed, value, builds, branches, days, outages, jobs, retries, outageShape, regressions);
        }

        public Parameters withBuilds(int value) {
            return new Parameters(seed, tests, value, branches, days, outages, jobs, retries, outageShape, regressions);
        }

        public Parameters withBranches(int value) {
            return new Parameters(seed, tests, builds, value, days, outages, jobs, retries, outageShape, regressions);
        }

        public Parameters withOutages(int value) {
            return new Parameters(seed, tests, builds, branches, days, value, jobs, retries, outageShape, regressions);
        }

        public Parameters withJobs(Jobs value) {
            return new Parameters(
                    seed, tests, builds, branches, days, outages, value, retries, outageShape, regressions);
        }

        public Parameters withRetries(Retries value) {
            return new Parameters(seed, tests, builds, branches, days, outages, jobs, value, outageShape, regressions);
        }

        public Parameters withOutageShape(OutageShape value) {
            return new Parameters(seed, tests, builds, branches, days, outages, jobs, retries, value, regressions);
        }

        public Parameters withRegressions(Regressions value) {
            return new Parameters(seed, tests, builds, branches, days, outages, jobs, retries, outageShape, value);
        }
    }

    /**
     * How each build runs the suite.
     *
     * @param shards 0: a linux and a macos job, each running the whole suite; more: one platform
     *     (linux), the suite's files split over this many parallel jobs, each test in exactly one
     * @param linuxReruns how many times a linux job reruns a failed test within its upload
     * @param smokeFiles when above 0, one more linux job a build runs the tests of the suite's first
     *     this many files again, without reruns: a small job (a smoke or integration step)
     */
    public record Jobs(int shards, int linuxReruns, int smokeFiles) {
        public static final Jobs DEFAULT = new Jobs(0, LINUX_RERUNS, 0);

        public Jobs {
            if (shards < 0 || shards == 1 || linuxReruns < 0 || smokeFiles < 0) {
                throw new IllegalArgumentException("0 or at least 2 shards; no negative counts");
            }
        }
    }

    /**
     * When a build is retried on its commit, once; a build an outage hit is always retried, again
     * and again while the outage lasts.
     *
     * @param red the chance a red build is retried
     * @param green the chance a green build is retried
     * @param broken the chance a build a regression fails is retried (it is red too)
     * @param share about the share of builds that are retries, outages' included: it sets how many
     *     commits make {@code builds}
     */
    public record Retries(double red, double green, double broken, double share) {
        public static final Retries DEFAULT = new Retries(0.17, 0.03, 0.17, 0.15);

        public Retries {
            if (!(red >= 0 && red <= 1 && green >= 0 && green <= 1 && broken >= 0 && broken <= 1 && share >= 0)) {
                throw new IllegalArgumentException("chances from 0 to 1, a share of at least 0");
            }
        }
    }

    /**
     * What the outages look like.
     *
     * @param minShare an outage fails at least this share of a job it hits
     * @param maxShare and at most this share
     * @param longOutages how many of the outages last {@value #LONG_OUTAGE_BUILDS} builds in a row
     *     (the build and the retries started while it lasts; the next retry passes)
     * @param anyService whether an outage's reason may be any service's failure ("Redis is loading",
     *     "503 Service Unavailable", a full disk, a Docker daemon, an out-of-memory service), not
     *     only the network errors and Redis's loading of the default
     * @param shortOutages outages besides {@code outages} that fail only 3 to 6 tests of the
     *     smallest job (the smoke job when there is one), tests no other outage fails
     */
    public record OutageShape(double minShare, double maxShare, int longOutages, boolean anyService, int shortOutages) {
        public static final OutageShape DEFAULT = new OutageShape(0.6, 0.95, 0, false, 0);

        public OutageShape {
            if (!(minShare > 0 && minShare <= maxShare && maxShare <= 1) || longOutages < 0 || shortOutages < 0) {
                throw new IllegalArgumentException("0 < minShare <= maxShare <= 1; no negative counts");
            }
        }
    }

    /**
     * What the broken tests' regressions look like.
     *
     * @param twoCommitsOnMain the share of main's regressions fixed by the second commit after the
     *     one that broke it (broken on exactly two commits); the others last 2 to 8 commits
     * @param onBranches about the share of the broken tests broken on a feature branch, not main
     * @param branchFixWithin 0: a branch's regression lasts at least two commits, until a fix or the
     *     branch's end; above 0: a push 1 to this many commits after the breaking one fixes it
     * @param flakyFirst how many of main's broken tests are flaky too: they fail now and then
     *     before their regression (which comes in main's second half) and after its fix
     */
    public record Regressions(double twoCommitsOnMain, double onBranches, int branchFixWithin, int flakyFirst) {
        public static final Regressions DEFAULT = new Regressions(0, 0.3, 0, 0);

        public Regressions {
            if (!(twoCommitsOnMain >= 0 && twoCommitsOnMain <= 1 && onBranches >= 0 && onBranches <= 1)
                    || branchFixWithin < 0
                    || flakyFirst < 0) {
                throw new IllegalArgumentException("shares from 0 to 1; no negative counts");
            }
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

    /**
     * An outage: for each build it hits in turn, the share of each hit job's tests it fails; the
     * reason's form; and for a short outage, exactly which tests it fails.
     */
    private record Outage(List<Map<String, Double>> builds, int template, Set<Integer> only) {
        /** The jobs it hits in the {@code n}th build of its commit (0 the first), with their shares; null for none. */
        Map<String, Double> hits(int n) {
            return n < builds.size() ? builds.get(n) : null;
        }
    }

    /**
     * One job of every build: its name (internal), the platform it reports, how often it reruns a
     * failure, the tests it runs (by index, in order), and how long it takes.
     */
    private record JobSpec(String name, String platform, int reruns, List<Integer> tests, int seconds, int spread) {}

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

    private final List<JobSpec> jobs = new ArrayList<>();

    private HistoryGenerator(Parameters parameters) {
        this.parameters = parameters;
        this.random = new SplittableRandom(parameters.seed());
    }

    public static History generate(Parameters parameters) {
        return new HistoryGenerator(parameters).run();
    }

    private History run() {
        makeTests();
        planJobs();
        // Retries add about their share to the pushes; the history is cut at no fixed count, so
        // that every breakage the plan holds is really built.
        int pushes = Math.max(4, (int)
                Math.round(parameters.builds() / (1 + parameters.retries().share())));
        int branchCount = parameters.branches() > 0 ? parameters.branches() : 3 + random.nextInt(4);
        List<Push> plan = planPushes(pushes, branchCount);
        assignBehaviours(plan);
        Map<Integer, Outage> outages = planOutages(plan);
        Instant last = EPOCH;
        for (int i = 0; i < plan.size(); i++) {
            Push push = plan.get(i);
            Instant start = later(push.plannedAt(), last.plus(Duration.ofMinutes(2)));
            Outage outage = outages.get(i);
            Build build = simulate(push, start, -1, outage, 0);
            last = build.finishedAt();
            // An outage's build is retried until a retry passes it; another build once at most.
            boolean again = build.outage() || random.nextDouble() < retryChance(build, push);
            for (int n = 1; again; n++) {
                build = simulate(push, last.plus(Duration.ofMinutes(5 + random.nextInt(26))), build.index(), outage, n);
                last = build.finishedAt();
                again = build.outage();
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

    /**
     * The jobs every build runs. Shards take whole files, each the next to the shard with the
     * fewest tests so far, as a test splitter does; the split is the same every build.
     */
    private void planJobs() {
        Jobs shape = parameters.jobs();
        List<List<Integer>> files = new ArrayList<>();
        String file = null;
        for (TestCase test : tests) {
            if (!test.fileName().equals(file)) {
                files.add(new ArrayList<>());
                file = test.fileName();
            }
            files.getLast().add(test.index());
        }
        if (shape.shards() == 0) {
            List<Integer> all = tests.stream().map(TestCase::index).toList();
            jobs.add(new JobSpec(LINUX, LINUX, shape.linuxReruns(), all, 240, 300));
            jobs.add(new JobSpec(MACOS, MACOS, 0, all, 360, 480));
        } else {
            List<List<Integer>> shards = new ArrayList<>();
            for (int s = 0; s < shape.shards(); s++) {
                shards.add(new ArrayList<>());
            }
            for (List<Integer> f : files) {
                shards.stream()
                        .min(Comparator.comparingInt(List::size))
                        .orElseThrow()
                        .addAll(f);
            }
            for (int s = 0; s < shards.size(); s++) {
                List<Integer> mine = shards.get(s).stream().sorted().toList();
                jobs.add(new JobSpec(LINUX + "-" + (s + 1), LINUX, shape.linuxReruns(), mine, 90, 150));
            }
        }
        if (shape.smokeFiles() > 0) {
            List<Integer> smoke = files.stream()
                    .limit(shape.smokeFiles())
                    .flatMap(List::stream)
                    .toList();
            jobs.add(new JobSpec(SMOKE, LINUX, 0, smoke, 60, 60));
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
        Regressions regressions = parameters.regressions();
        int onBranches = branches.isEmpty() ? 0 : Math.max(1, (int) Math.round(broken * regressions.onBranches()));
        Behaviour[] assigned = new Behaviour[n];
        for (int k = 0; k < n; k++) {
            int test = order.get(k);
            double duration = Math.exp(Math.log(0.005) + random.nextDouble() * (Math.log(2.0) - Math.log(0.005)));
            if (k < broken) {
                boolean onMain = k < broken - onBranches;
                boolean flakyFirst = onMain && k < regressions.flakyFirst();
                Breakage breakage =
                        onMain ? mainBreakage(commits.get(MAIN), flakyFirst) : branchBreakage(branches, commits);
                String reason = brokenReason();
                FlakyKind flakyKind = null;
                double p = 0;
                if (flakyFirst) {
                    // Often enough to show before the break: 5% to 30% an execution.
                    flakyKind = FlakyKind.ANYWHERE;
                    p = Math.exp(Math.log(0.05) + random.nextDouble() * (Math.log(0.3) - Math.log(0.05)));
                }
                assigned[test] = new Behaviour(TestClass.BROKEN, flakyKind, p, duration, reason, breakage);
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

    /**
     * A regression on main: broken from one of its commits until a fix 2 to 8 main commits later
     * (or exactly 2, {@link Regressions#twoCommitsOnMain()} of the time). A flaky test's regression
     * comes in main's second half, so its flakiness shows first.
     */
    private Breakage mainBreakage(int mainCommits, boolean late) {
        int from = late
                ? mainCommits / 2 + random.nextInt(Math.max(1, mainCommits / 2 - 4))
                : 1 + random.nextInt(Math.max(1, mainCommits - 4));
        double two = parameters.regressions().twoCommitsOnMain();
        int length = two > 0 && random.nextDouble() < two ? 2 : 2 + random.nextInt(7);
        return new Breakage(MAIN, from, from + length);
    }

    /**
     * A breakage on a feature branch, main unharmed: from one of its commits for at least two
     * commits, until a fix or the branch's end; or, with {@link Regressions#branchFixWithin()},
     * until a push 1 to that many commits later fixes it.
     */
    private Breakage branchBreakage(List<String> branches, Map<String, Integer> commits) {
        int fixWithin = parameters.regressions().branchFixWithin();
        List<String> fixable =
                branches.stream().filter(b -> commits.get(b) >= 2).toList();
        if (fixWithin > 0 && !fixable.isEmpty()) {
            String branch = fixable.get(random.nextInt(fixable.size()));
            int k = commits.get(branch);
            int length = 1 + random.nextInt(Math.min(fixWithin, k - 1));
            int from = random.nextInt(k - length);
            return new Breakage(branch, from, from + length);
        }
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
        OutageShape shape = parameters.outageShape();
        List<JobSpec> full = jobs.stream().filter(j -> !j.name().equals(SMOKE)).toList();
        Map<Integer, Outage> outages = new HashMap<>();
        double widest = 0;
        for (int o = 0; o < parameters.outages() && !candidates.isEmpty(); o++) {
            Collections.swap(candidates, random.nextInt(candidates.size()), candidates.size() - 1);
            int at = candidates.removeLast();
            Map<String, Double> hit = new HashMap<>();
            if (full.size() == 2) {
                int which = random.nextInt(4); // both jobs half the time, else one of them
                if (which != 2) {
                    hit.put(full.get(0).name(), share(shape));
                }
                if (which != 3) {
                    hit.put(full.get(1).name(), share(shape));
                }
            } else {
                for (JobSpec job : full) {
                    if (random.nextBoolean()) {
                        hit.put(job.name(), share(shape));
                    }
                }
                if (hit.isEmpty()) {
                    hit.put(full.get(random.nextInt(full.size())).name(), share(shape));
                }
            }
            int template = random.nextInt(shape.anyService() ? OUTAGE_REASONS_ANY : OUTAGE_REASONS_DEFAULT);
            List<Map<String, Double>> hits = new ArrayList<>(List.of(hit));
            // A long outage hits the same jobs for a few builds, a share of each that moves.
            for (int b = 1; o < shape.longOutages() && b < LONG_OUTAGE_BUILDS; b++) {
                Map<String, Double> again = new HashMap<>();
                hit.keySet().stream().sorted().forEach(job -> again.put(job, share(shape)));
                hits.add(again);
            }
            for (Map<String, Double> h : hits) {
                widest = Math.max(
                        widest, h.values().stream().mapToDouble(d -> d).max().orElse(0));
            }
            outages.put(at, new Outage(hits, template, null));
        }
        JobSpec smallest = jobs.stream()
                .min(Comparator.comparingInt(j -> j.tests().size()))
                .orElseThrow();
        for (int o = 0; o < shape.shortOutages() && !candidates.isEmpty(); o++) {
            Collections.swap(candidates, random.nextInt(candidates.size()), candidates.size() - 1);
            int at = candidates.removeLast();
            // Another service's blip: the tests that lean on it most among those no other outage
            // fails, so its victims are its own.
            double floor = widest;
            List<Integer> spared = smallest.tests().stream()
                    .filter(t -> exposure.get(t) >= floor)
                    .sorted(Comparator.comparingDouble(exposure::get))
                    .toList();
            Set<Integer> only = new LinkedHashSet<>(spared.subList(0, Math.min(spared.size(), 3 + random.nextInt(4))));
            int template = random.nextInt(shape.anyService() ? OUTAGE_REASONS_ANY : OUTAGE_REASONS_DEFAULT);
            if (!only.isEmpty()) {
                Map<String, Double> hit = Map.of(
                        smallest.name(), (double) only.size() / smallest.tests().size());
                outages.put(at, new Outage(List.of(hit), template, only));
            }
        }
        return outages;
    }

    private double share(OutageShape shape) {
        return shape.minShare() + random.nextDouble() * (shape.maxShare() - shape.minShare());
    }

    /**
     * People retry red builds far more than green ones, whatever turned them red: a build a test
     * broke (which a retry cannot fix) as often as one a flaky test did, by default. With some 30
     * flaky tests most builds are red, so this keeps retries near 15% of the builds.
     */
    private double retryChance(Build build, Push push) {
        Retries retries = parameters.retries();
        if (behaviours.stream()
                .anyMatch(b -> b.breakage() != null && b.breakage().covers(push))) {
            return retries.broken();
        }
        return build.red() ? retries.red() : retries.green();
    }

    // ---- running a build

    /** The {@code n}th build of a push (0 the first); {@code outage} is the push's, if it has one. */
    private Build simulate(Push push, Instant start, int retryOf, Outage outage, int n) {
        Map<String, Double> hits = outage == null ? null : outage.hits(n);
        List<Job> done = new ArrayList<>();
        for (JobSpec spec : jobs) {
            Double share = hits == null ? null : hits.get(spec.name());
            Set<Integer> hit = new HashSet<>();
            if (share != null) {
                if (outage.only() != null) {
                    hit.addAll(outage.only());
                } else {
                    for (int t : spec.tests()) {
                        if (exposure.get(t) < share) {
                            hit.add(t);
                        }
                    }
                }
            }
            List<Execution> executions = new ArrayList<>();
            for (int t : spec.tests()) {
                for (int attempt = 0; attempt <= spec.reruns(); attempt++) {
                    Execution e = execute(t, push, spec.platform(), attempt, hit.contains(t) ? outage : null);
                    executions.add(e);
                    if (e.passed()) {
                        break;
                    }
                }
            }
            Duration took = Duration.ofSeconds(spec.seconds() + random.nextInt(spec.spread()));
            done.add(new Job(spec.platform(), uuid(), start.plus(took), share != null, executions));
        }
        done.sort(Comparator.comparing(Job::finishedAt));
        Build build =
                new Build(builds.size(), builds.size() + 1, push.branch(), push.sha(), start, uuid(), retryOf, done);
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
                if (b.flakyKind() != null && flakes(b, platform, attempt)) {
                    return new Execution(test, false, flakyReason(test), b.duration() * jitter);
                }
            }
            case FLAKY -> {
                if (flakes(b, platform, attempt)) {
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

    private boolean flakes(Behaviour b, String platform, int attempt) {
        boolean exposed = switch (b.flakyKind()) {
            case ANYWHERE -> true;
            case LINUX_ONLY -> platform.equals(LINUX);
            case FIRST_ATTEMPT -> attempt == 0;
        };
        return exposed && random.nextDouble() < b.probability();
    }

    // ---- the truth, read off the builds

    /**
     * Each test's truth. What a history cannot tell apart is marked undecidable and left out of
     * the scores ({@link Truth#decidable()}): a regression seen in one build only (one commit, not
     * retried, fixed by the next push) reads exactly like a flaky failure, and a flaky test whose
     * only failures fell on one commit, never passing on it, reads exactly like such a regression.
     */
    private List<Truth> truths() {
        int n = tests.size();
        List<List<Integer>> brokenBuilds = new ArrayList<>();
        int[] firstEvidence = new int[n];
        int[] ownFailureBuilds = new int[n];
        // Per flaky test (or broken test that is flaky too): the commits it failed on outside an
        // outage and outside its break, and the commits it passed on.
        List<Set<String>> failedOn = new ArrayList<>();
        List<Set<String>> passedOn = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            brokenBuilds.add(new ArrayList<>());
            firstEvidence[t] = -1;
            failedOn.add(new HashSet<>());
            passedOn.add(new HashSet<>());
        }
        for (Build build : builds) {
            Push push = pushOfBuild.get(build.index());
            Set<Integer> ownFailure = new HashSet<>();
            for (int t = 0; t < n; t++) {
                Breakage breakage = behaviours.get(t).breakage();
                if (breakage != null && breakage.covers(push)) {
                    brokenBuilds.get(t).add(build.index());
                }
            }
            for (Job job : build.jobs()) {
                for (Execution e : job.executions()) {
                    int t = e.test();
                    Behaviour b = behaviours.get(t);
                    boolean inBreak = b.breakage() != null && b.breakage().covers(push);
                    if (inBreak && !e.passed() && b.reason().equals(e.failureReason())) {
                        ownFailure.add(t);
                    }
                    if (b.flakyKind() == null) {
                        continue;
                    }
                    if (e.passed()) {
                        passedOn.get(t).add(push.sha());
                    } else if (!job.outage() && !inBreak) {
                        failedOn.get(t).add(push.sha());
                        if (firstEvidence[t] < 0) {
                            firstEvidence[t] = build.index();
                        }
                    }
                }
            }
            ownFailure.forEach(t -> ownFailureBuilds[t]++);
        }
        List<Truth> truths = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Behaviour b = behaviours.get(t);
            List<Integer> broken = brokenBuilds.get(t);
            Set<String> failed = failedOn.get(t);
            boolean flip = failed.stream().anyMatch(passedOn.get(t)::contains);
            boolean flakyDecidable = flip || failed.size() >= 2;
            int flakyEvidence = firstEvidence[t];
            int evidence;
            boolean decidable;
            if (b.kind() == TestClass.BROKEN) {
                evidence = broken.isEmpty() ? -1 : broken.getFirst();
                decidable = ownFailureBuilds[t] != 1;
                if (!flakyDecidable) {
                    flakyEvidence = -1;
                }
            } else {
                evidence = flakyEvidence;
                decidable = b.kind() != TestClass.FLAKY || flakyEvidence < 0 || flakyDecidable;
            }
            truths.add(new Truth(
                    b.kind(),
                    b.flakyKind(),
                    b.probability(),
                    b.breakage() == null ? null : b.breakage().branch(),
                    broken,
                    victims.contains(t),
                    evidence,
                    flakyEvidence,
                    decidable));
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

    /** The outage reasons' forms of the default: network errors, and Redis still loading. */
    private static final int OUTAGE_REASONS_DEFAULT = 4;

    /** All forms, with services failing in ways that do not read like the network. */
    private static final int OUTAGE_REASONS_ANY = 8;

    /** One outage failure's reason: the form's words, with the numbers and ids that vary. */
    private String outageReason(int template) {
        return switch (template) {
            case 0 -> "connect ECONNREFUSED 10.0.3." + (2 + random.nextInt(250)) + ":5432";
            case 1 -> String.format(Locale.ROOT, "Error: connection refused (db-%06x:6379)", random.nextInt(1 << 24));
            case 2 -> "Error: getaddrinfo EAI_AGAIN postgres-" + random.nextInt(10) + ".ci.internal";
            case 3 ->
                String.format(
                        Locale.ROOT,
                        "ReplyError: LOADING Redis is loading the dataset in memory (pid %d, %d keys)",
                        1000 + random.nextInt(60000),
                        random.nextInt(1_000_000));
            case 4 ->
                String.format(
                        Locale.ROOT,
                        "Error: 503 Service Unavailable from http://pricing-stub:%d/v1/quotes (request %d)",
                        8000 + random.nextInt(100),
                        random.nextInt(1_000_000));
            case 5 ->
                String.format(
                        Locale.ROOT,
                        "Error: Docker daemon not responding: container %012x did not start within %d s",
                        random.nextLong() & 0xffffffffffffL,
                        20 + random.nextInt(40));
            case 6 ->
                String.format(
                        Locale.ROOT,
                        "Error: ENOSPC: No space left on device, write '/tmp/jest_%d/cache-%d.json'",
                        random.nextInt(1000),
                        random.nextInt(100_000));
            default ->
                String.format(
                        Locale.ROOT,
                        "ResponseError: java.lang.OutOfMemoryError: Java heap space (search node es-%d, %d MB used)",
                        random.nextInt(3),
                        900 + random.nextInt(124));
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
