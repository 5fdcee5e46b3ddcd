package dev.verdict.storage.internal;

import dev.verdict.core.judgment.Health;
import dev.verdict.core.tests.TestQuery;
import dev.verdict.core.tests.TestQuery.Operator;
import dev.verdict.core.tests.TestQuery.Term;
import dev.verdict.storage.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link TestQuery}'s filters as SQL conditions, their values bound in {@code sql}. Within one
 * parameter, plain values are alternatives (any of them) and {@code !} values all apply; different
 * parameters all apply. Labels are the exception: every plain label listed must be on the test.
 */
final class TestFilters {
    private final Dialect dialect;
    private final Sql sql;

    TestFilters(Dialect dialect, Sql sql) {
        this.dialect = dialect;
        this.sql = sql;
    }

    /** Whether the rollups can answer the query: they keep branches, not tags. */
    static boolean rollupsAnswer(TestQuery query) {
        return query.tags().isEmpty();
    }

    /** Conditions on the test, {@code t}. */
    List<String> onTests(TestQuery query) {
        List<String> where = new ArrayList<>();
        for (Term label : query.labels()) {
            String exists = "EXISTS (SELECT 1 FROM test_labels l WHERE l.test_id = t.id AND l.label = :"
                    + sql.bind(label.value()) + ")";
            where.add(label.operator() == Operator.NOT ? "NOT " + exists : exists);
        }
        terms(
                where,
                query.owners(),
                owner -> "EXISTS (SELECT 1 FROM test_owners o WHERE o.test_id = t.id AND o.team = :"
                        + sql.bind(owner.value()) + ")",
                true);
        query.state().ifPresent(state -> where.add("t.state = :" + sql.bind(state.wireName())));
        query.health()
                .ifPresent(health -> where.add(health(health, query.window().to())));
        query.search().ifPresent(text -> where.add(dialect.testContains(sql.bind(text))));
        return where;
    }

    /** Flaky and broken are stored; new and healthy are untouched tests by age (see {@link Health#of}). */
    private String health(Health health, java.time.Instant now) {
        String newSince = ":" + sql.bind(now.minus(Health.NEW_FOR).toEpochMilli());
        return switch (health) {
            case FLAKY, BROKEN -> "t.health = :" + sql.bind(health.wireName());
            case NEW -> "t.health IS NULL AND t.created_at > " + newSince;
            case HEALTHY -> "t.health IS NULL AND t.created_at <= " + newSince;
        };
    }

    /** Conditions on an execution, {@code e}, and the branch of its run. */
    List<String> onExecutions(TestQuery query, String branch) {
        List<String> where = onBranch(query, branch);
        for (TestQuery.TagTerm tag : query.tags()) {
            terms(where, List.of(tag.term()), term -> compare(tagColumn(tag.key()), term), false);
        }
        return where;
    }

    /** Conditions on a branch column alone (a rollup row's). */
    List<String> onBranch(TestQuery query, String branch) {
        List<String> where = new ArrayList<>();
        terms(where, query.branches(), term -> compare(branch, term), false);
        return where;
    }

    /** A condition on the summed counts of {@code u} ({@code result:~x}, {@code result:^x}). */
    Optional<String> having(TestQuery query) {
        return query.resultGroup().map(group -> {
            // The column is named by the result's wire name, an enum's: never user text.
            String matching = "SUM(u." + group.result().wireName() + ")";
            return group.every()
                    ? matching + " = SUM(u.passed + u.failed + u.skipped + u.pending + u.unknown)"
                    : matching + " > 0";
        });
    }

    /** The SQL value of a tag: the result, a mutable tag, or a tag sent with the execution. */
    private String tagColumn(String key) {
        if (key.equals("result")) {
            return "e.result";
        }
        String column = key.startsWith("mut.") ? "e.mutable_tags" : "e.tags";
        return dialect.jsonText(column, sql.bind(dialect.jsonKey(key)));
    }

    /**
     * Plain and prefix terms as alternatives, {@code !} terms each excluding. With
     * {@code existence}, a term is a whole condition (true when the test has the value) rather
     * than a comparison, and {@code !} negates it.
     */
    private static void terms(
            List<String> where, List<Term> terms, Function<Term, String> condition, boolean existence) {
        List<String> any = new ArrayList<>();
        for (Term term : terms) {
            if (term.operator() == Operator.NOT) {
                where.add(existence ? "NOT " + condition.apply(term) : condition.apply(term));
            } else {
                any.add(condition.apply(term));
            }
        }
        if (!any.isEmpty()) {
            where.add("(" + String.join(" OR ", any) + ")");
        }
    }

    /** A value compared as the term says; a missing value counts as different from every value. */
    private String compare(String value, Term term) {
        return switch (term.operator()) {
            case IS -> value + " = :" + sql.bind(term.value());
            case NOT -> "(" + value + " IS NULL OR " + value + " <> :" + sql.bind(term.value()) + ")";
            case STARTS_WITH ->
                "substr(" + value + ", 1, :"
                        + sql.bind(term.value().codePointCount(0, term.value().length())) + ") = :"
                        + sql.bind(term.value());
        };
    }
}
