package dev.verdict.storage.internal;

import dev.verdict.core.tests.TestQuery;
import dev.verdict.core.tests.TestQuery.Operator;
import dev.verdict.core.tests.TestQuery.Term;
import dev.verdict.storage.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link TestQuery}'s filters as SQL over {@code t} (tests), {@code e} (executions) and
 * {@code r} (runs). Within one parameter, plain values are alternatives (any of them) and
 * {@code !} values all apply; different parameters all apply. Labels are the exception: every
 * plain label listed must be on the test.
 */
final class TestFilters {
    private final Dialect dialect;
    private final Sql sql;

    TestFilters(Dialect dialect, Sql sql) {
        this.dialect = dialect;
        this.sql = sql;
    }

    void apply(TestQuery query) {
        for (Term label : query.labels()) {
            String exists = "EXISTS (SELECT 1 FROM test_labels l WHERE l.test_id = t.id AND l.label = :"
                    + sql.bind(label.value()) + ")";
            sql.where(label.operator() == Operator.NOT ? "NOT " + exists : exists);
        }
        terms(
                query.owners(),
                value -> "EXISTS (SELECT 1 FROM test_owners o WHERE o.test_id = t.id AND o.team = :"
                        + sql.bind(value.value()) + ")",
                true);
        query.state().ifPresent(state -> sql.where("t.state = :" + sql.bind(state.wireName())));
        terms(query.branches(), term -> compare("r.branch", term), false);
        for (TestQuery.TagTerm tag : query.tags()) {
            terms(List.of(tag.term()), term -> compare(tagColumn(tag.key()), term), false);
        }
        query.resultGroup().ifPresent(group -> {
            String matching =
                    "SUM(CASE WHEN e.result = :" + sql.bind(group.result().wireName()) + " THEN 1 ELSE 0 END)";
            sql.having(group.every() ? matching + " = COUNT(*)" : matching + " > 0");
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
    private void terms(List<Term> terms, Function<Term, String> condition, boolean existence) {
        List<String> any = new ArrayList<>();
        for (Term term : terms) {
            if (term.operator() == Operator.NOT) {
                sql.where(existence ? "NOT " + condition.apply(term) : condition.apply(term));
            } else {
                any.add(condition.apply(term));
            }
        }
        if (!any.isEmpty()) {
            sql.where("(" + String.join(" OR ", any) + ")");
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
