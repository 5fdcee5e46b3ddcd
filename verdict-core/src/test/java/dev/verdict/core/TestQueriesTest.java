package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.tests.TestMetrics;
import dev.verdict.core.tests.TestQueries;
import dev.verdict.core.tests.TestQuery;
import dev.verdict.core.tests.TestQuery.Operator;
import dev.verdict.core.tests.TestQuery.Term;
import dev.verdict.core.tests.TestState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestQueriesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static TestQuery parse(Map<String, String> params) {
        return TestQueries.parse(name -> Optional.ofNullable(params.get(name)), NOW);
    }

    @Test
    void defaultsAreTheLastSevenDaysByAverageDurationLongestFirst() {
        TestQuery query = parse(Map.of());

        assertThat(query.window().from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(query.window().to()).isEqualTo(NOW);
        assertThat(query.sort()).isEqualTo(TestQuery.Sort.DURATION_AVG);
        assertThat(query.ascending()).isFalse();
        assertThat(query.labels()).isEmpty();
    }

    @Test
    void operatorsAreReadPerValue() {
        TestQuery query = parse(Map.of(
                "labels", "slow, !flaky",
                "branch", "release-*",
                "tags", "host.arch:!arm64,result:^failed,mut.reason:api*",
                "state", "Muted",
                "sort_by", "reliability",
                "order", "asc"));

        assertThat(query.labels()).containsExactly(new Term("slow", Operator.IS), new Term("flaky", Operator.NOT));
        assertThat(query.branches()).containsExactly(new Term("release-", Operator.STARTS_WITH));
        assertThat(query.tags())
                .containsExactly(
                        new TestQuery.TagTerm("host.arch", new Term("arm64", Operator.NOT)),
                        new TestQuery.TagTerm("mut.reason", new Term("api", Operator.STARTS_WITH)));
        assertThat(query.resultGroup()).contains(new TestQuery.ResultGroup(Result.FAILED, true));
        assertThat(query.state()).contains(TestState.MUTED);
        assertThat(query.sort()).isEqualTo(TestQuery.Sort.RELIABILITY);
        assertThat(query.ascending()).isTrue();
    }

    @Test
    void ownersAreTeamsWrittenAsTheFileWritesThem() {
        assertThat(parse(Map.of("owners", "@payments, !@Api-Team, backend")).owners())
                .containsExactly(
                        new Term("payments", Operator.IS),
                        new Term("api-team", Operator.NOT),
                        new Term("backend", Operator.IS));
        assertThatThrownBy(() -> parse(Map.of("owners", "@")))
                .isInstanceOf(BadRequest.class)
                .hasMessage("owners has an invalid value '@': it names no team");
    }

    @Test
    void windowsComeFromAPeriodOrTimestamps() {
        assertThat(parse(Map.of("period", "4hours")).window().from()).isEqualTo(NOW.minus(Duration.ofHours(4)));
        assertThat(parse(Map.of("period", "28days")).window().from()).isEqualTo(NOW.minus(Duration.ofDays(28)));
        TestQuery.Window dates = parse(Map.of("min_timestamp", "2026-11-01", "max_timestamp", "2026-11-02"))
                .window();
        assertThat(dates.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(dates.to()).isEqualTo(Instant.parse("2026-11-02T23:59:59.999Z"));
        assertThat(parse(Map.of("max_timestamp", "2026-11-02T00:00:00Z"))
                        .window()
                        .from())
                .isEqualTo(Instant.parse("2026-10-26T00:00:00Z"));
    }

    @Test
    void badValuesAndConflictsAreRefused() {
        for (Map<String, String> bad : new Map[] {
            Map.of("period", "121days"),
            Map.of("period", "week"),
            Map.of("labels", "a*"),
            Map.of("owners", "!a*"),
            Map.of("tags", "result:~maybe"),
            Map.of("tags", ":x"),
            Map.of("branch", "*")
        }) {
            assertThatThrownBy(() -> parse(bad)).as(bad.toString()).isInstanceOf(BadRequest.class);
        }
        for (Map<String, String> conflict : new Map[] {
            Map.of("period", "1day", "max_timestamp", "2026-11-01"),
            Map.of("label", "a", "labels", "b"),
            Map.of("tags", "result:failed,result:passed")
        }) {
            assertThatThrownBy(() -> parse(conflict)).as(conflict.toString()).isInstanceOf(Validation.class);
        }
    }

    @Test
    void reliabilityCountsOnlyPassesAndFailures() {
        assertThat(new TestMetrics(3, 1, 10, 2, 1, null, null, null, null).reliability())
                .isEqualTo(0.75);
        assertThat(new TestMetrics(0, 0, 4, 0, 0, null, null, null, null).reliability())
                .isNull();
        assertThat(TestMetrics.NONE.executionsCount()).isZero();
    }
}
