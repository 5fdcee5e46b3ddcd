package dev.verdict.core.tests;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Timestamps;
import dev.verdict.core.Validation;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.TagRules;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.ownership.TestOwners;
import dev.verdict.core.tests.TestQuery.Operator;
import dev.verdict.core.tests.TestQuery.ResultGroup;
import dev.verdict.core.tests.TestQuery.Sort;
import dev.verdict.core.tests.TestQuery.TagTerm;
import dev.verdict.core.tests.TestQuery.Term;
import dev.verdict.core.tests.TestQuery.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the versioned Tests API's query parameters into a {@link TestQuery}: the one place for its
 * value syntax and operators. A value that cannot be read is a 400 naming the parameter; parameters
 * that cannot go together are a 422 naming both.
 */
public final class TestQueries {
    /** The window when none is given, as Buildkite's default period. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(7);
    /** The longest window: executions are kept (and worth aggregating) for about this long. */
    public static final Duration MAX_PERIOD = Duration.ofDays(120);

    /**
     * A build's window: from its first run for a day, as Buildkite caps it (a build still running
     * has no executions after now anyway).
     */
    public static final Duration BUILD_WINDOW = Duration.ofHours(24);

    private static final Pattern PERIOD = Pattern.compile("(\\d{1,4})\\s*(hour|hours|day|days)");
    private static final Set<Operator> ALL = EnumSet.allOf(Operator.class);
    private static final Set<Operator> IS_OR_NOT = EnumSet.of(Operator.IS, Operator.NOT);

    private TestQueries() {}

    /**
     * The query for a suite's tests: filters, sort and a window from {@code period} or
     * {@code min_timestamp}/{@code max_timestamp}, by default the last 7 days up to {@code now}.
     */
    public static TestQuery parse(Function<String, Optional<String>> param, Instant now) {
        return parse(param, window(param, now));
    }

    /** The same filters and sort over a window the caller decides (a build's). */
    public static TestQuery parse(Function<String, Optional<String>> param, Window window) {
        Validation.Collector conflicts = new Validation.Collector();
        if (param.apply("label").isPresent() && param.apply("labels").isPresent()) {
            conflicts.add("labels", "conflict", "cannot be combined with label");
        }
        conflicts.throwIfAny();
        List<Term> labels = param.apply("labels")
                .map(v -> terms("labels", v, IS_OR_NOT))
                .or(() -> param.apply("label").map(v -> List.of(new Term(v.strip(), Operator.IS))))
                .orElse(List.of());
        List<TagTerm> tags = new ArrayList<>();
        Optional<ResultGroup> group = Optional.empty();
        for (String item : param.apply("tags").map(TestQueries::items).orElse(List.of())) {
            int colon = item.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("tags must be key:value pairs, such as host.arch:arm64, not '" + item + "'");
            }
            String key = item.substring(0, colon).strip();
            String value = item.substring(colon + 1).strip();
            if (!TagRules.isValidKey(key)) {
                throw new BadRequest(
                        "tags: '" + key + "' is not a tag key (a letter, then letters, digits, _, - or .)");
            }
            if (!key.equals("result")) {
                tags.add(new TagTerm(key, term("tags", value, ALL)));
                continue;
            }
            if (group.isPresent() || tags.stream().anyMatch(t -> t.key().equals("result"))) {
                throw new Validation(
                        List.of(new Validation.Problem("tags", "conflict", "may name result at most once")));
            }
            if (value.startsWith("~") || value.startsWith("^")) {
                group = Optional.of(new ResultGroup(result(value.substring(1)), value.startsWith("^")));
            } else {
                Term term = term("tags", value, ALL);
                result(term.value());
                tags.add(new TagTerm(key, term));
            }
        }
        return new TestQuery(
                window,
                labels,
                param.apply("owners").map(TestQueries::owners).orElse(List.of()),
                param.apply("state").map(TestQueries::state),
                param.apply("branch").map(TestQueries::branches).orElse(List.of()),
                List.copyOf(tags),
                group,
                param.apply("health").map(TestQueries::health),
                param.apply("search").map(TestQueries::search).filter(s -> !s.isEmpty()),
                Set.of(),
                param.apply("sort_by").map(TestQueries::sort).orElse(Sort.DURATION_AVG),
                param.apply("order").map(TestQueries::ascending).orElse(false));
    }

    /** The longest text {@code search} looks for. */
    public static final int MAX_SEARCH_CHARS = 200;

    private static String search(String value) {
        String text = value.strip();
        if (text.length() > MAX_SEARCH_CHARS) {
            throw new BadRequest("search is " + text.length() + " characters; at most " + MAX_SEARCH_CHARS);
        }
        return text;
    }

    /**
     * Branches, where {@code ^main} is a prefix as {@code main*} is: {@code ^} cannot start a git
     * branch name, so nothing else could be meant.
     */
    private static List<Term> branches(String value) {
        List<Term> branches = new ArrayList<>();
        for (String item : items(value)) {
            if (item.startsWith("^") && item.length() > 1 && !item.endsWith("*")) {
                branches.add(term("branch", item.substring(1) + "*", ALL));
            } else {
                branches.add(term("branch", item, ALL));
            }
        }
        return List.copyOf(branches);
    }

    private static Health health(String value) {
        return Health.fromWireName(value)
                .orElseThrow(() -> new BadRequest(
                        "health must be one of " + Health.allWireNames() + ", not '" + value.strip() + "'"));
    }

    /** The window of {@code period}, or of {@code min_timestamp} and {@code max_timestamp}. */
    public static Window window(Function<String, Optional<String>> param, Instant now) {
        Optional<String> period = param.apply("period");
        Optional<String> min = param.apply("min_timestamp");
        Optional<String> max = param.apply("max_timestamp");
        if (period.isPresent() && (min.isPresent() || max.isPresent())) {
            throw new Validation(List.of(new Validation.Problem(
                    "period", "conflict", "cannot be combined with min_timestamp or max_timestamp")));
        }
        if (period.isPresent()) {
            return new Window(now.minus(period(period.get())), now);
        }
        Instant to =
                max.map(v -> Timestamps.parseQuery("max_timestamp", v, true)).orElse(now);
        Instant from =
                min.map(v -> Timestamps.parseQuery("min_timestamp", v, false)).orElse(to.minus(DEFAULT_PERIOD));
        if (from.isAfter(to)) {
            throw new Validation(
                    List.of(new Validation.Problem("min_timestamp", "invalid", "must not be after max_timestamp")));
        }
        return new Window(from, to);
    }

    /** The window of a build whose first run was created at {@code start}. */
    public static Window buildWindow(Instant start) {
        return new Window(start, start.plus(BUILD_WINDOW));
    }

    /** {@code 7days}, {@code 1day}, {@code 4hours}, ...: from one hour to {@link #MAX_PERIOD}. */
    public static Duration period(String value) {
        Matcher m = PERIOD.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = m.group(2).startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n);
            if (n > 0 && d.compareTo(MAX_PERIOD) <= 0) {
                return d;
            }
        }
        throw new BadRequest("period must be a number of hours or days from 1hour to " + MAX_PERIOD.toDays()
                + "days, such as 1hour, 4hours, 1day, 7days, 14days or 28days, not '" + value + "'");
    }

    private static List<String> items(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Teams as TESTOWNERS writes them: {@code @payments} is the team {@code payments}. */
    private static List<Term> owners(String value) {
        List<Term> owners = new ArrayList<>();
        for (Term term : terms("owners", value, IS_OR_NOT)) {
            String team = TestOwners.team(term.value());
            if (team.isEmpty()) {
                throw new BadRequest("owners has an invalid value '" + term.value() + "': it names no team");
            }
            owners.add(new Term(team, term.operator()));
        }
        return List.copyOf(owners);
    }

    private static List<Term> terms(String name, String value, Set<Operator> allowed) {
        return items(value).stream().map(item -> term(name, item, allowed)).toList();
    }

    /** {@code value}, {@code !value} or {@code value*}: at most one operator, and one the parameter takes. */
    static Term term(String name, String item, Set<Operator> allowed) {
        boolean not = item.startsWith("!");
        boolean prefix = item.endsWith("*");
        if (not && prefix) {
            throw new BadRequest(name + " takes at most one operator per value, not '" + item + "'");
        }
        Operator operator = not ? Operator.NOT : prefix ? Operator.STARTS_WITH : Operator.IS;
        if (!allowed.contains(operator)) {
            throw new BadRequest(name + " does not take the " + (not ? "!" : "*") + " operator ('" + item + "')");
        }
        String value = not ? item.substring(1) : prefix ? item.substring(0, item.length() - 1) : item;
        if (value.isBlank()
                || value.contains("*")
                || value.startsWith("!")
                || value.startsWith("~")
                || value.startsWith("^")) {
            throw new BadRequest(name + " has an invalid value '" + item + "'");
        }
        return new Term(value.strip(), operator);
    }

    private static Result result(String value) {
        return Result.fromWireName(value)
                .orElseThrow(() -> new BadRequest(
                        "tags: result must be one of " + Result.allWireNames() + ", not '" + value + "'"));
    }

    private static TestState state(String value) {
        return TestState.fromWireName(value)
                .orElseThrow(() -> new BadRequest("state must be enabled, muted or skipped, not '" + value + "'"));
    }

    private static Sort sort(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(Sort.values())
                .filter(s -> s.wireName().equals(lower))
                .findFirst()
                .orElseThrow(() -> new BadRequest("sort_by must be one of "
                        + Arrays.stream(Sort.values()).map(Sort::wireName).collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }

    private static boolean ascending(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw new BadRequest("order must be asc or desc, not '" + value + "'");
        };
    }
}
