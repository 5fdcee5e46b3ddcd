package dev.verdict.core.tests;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which tests to measure, over which executions, and in what order: the versioned Tests API's
 * parameters once parsed ({@link TestQueries}). Test-level filters ({@code labels}, {@code owners},
 * {@code state}, {@code resultGroup}, {@code health}: new and healthy as of the window's end,
 * {@code search}: a text in the name or scope, {@code tests}: these tests only, when not empty)
 * pick tests; execution-level ones ({@code branches}, {@code tags}) pick the executions the metrics
 * add up.
 */
public record TestQuery(
        Window window,
        List<Term> labels,
        List<Term> owners,
        Optional<TestState> state,
        List<Term> branches,
        List<TagTerm> tags,
        Optional<ResultGroup> resultGroup,
        Optional<Health> health,
        Optional<String> search,
        Set<UUID> tests,
        Sort sort,
        boolean ascending) {
    public TestQuery {
        tests = Set.copyOf(tests);
    }

    /**
     * These tests over another window, their executions picked as this query picks them: the
     * figures a trend compares. Test-level filters are left out, as the tests are already chosen
     * (and a health "as of the window's end" would move with it).
     */
    public TestQuery over(Window other, Set<UUID> only) {
        return new TestQuery(
                other,
                List.of(),
                List.of(),
                Optional.empty(),
                branches,
                tags,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                only,
                sort,
                ascending);
    }

    /** The window of the same length that ends just before this one starts. */
    public Window previousWindow() {
        Duration length = Duration.between(window.from(), window.to());
        Instant to = window.from().minusMillis(1);
        return new Window(to.minus(length), to);
    }

    /** Executions created from {@code from} to {@code to}, both included. */
    public record Window(Instant from, Instant to) {}

    /** A filter value with its operator. */
    public record Term(String value, Operator operator) {}

    /** {@code key:value} on an execution's tags; {@code result} is the execution's result. */
    public record TagTerm(String key, Term term) {}

    /**
     * {@code result:~failed} (at least one execution in the window has the result) or
     * {@code result:^failed} (every one has it): a test-level condition on its executions.
     */
    public record ResultGroup(Result result, boolean every) {}

    public enum Operator {
        IS,
        /** {@code !value}: not equal, or excluded. */
        NOT,
        /** {@code value*}: starts with. */
        STARTS_WITH
    }

    public enum Sort {
        DURATION_AVG,
        DURATION_SUM,
        DURATION_MIN,
        DURATION_MAX,
        RELIABILITY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** No filters: every test with executions in the window, by average duration, longest first. */
    public static TestQuery everything(Window window) {
        return new TestQuery(
                window,
                List.of(),
                List.of(),
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Set.of(),
                Sort.DURATION_AVG,
                false);
    }
}
