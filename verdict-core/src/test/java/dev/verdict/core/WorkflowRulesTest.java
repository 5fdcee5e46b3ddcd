package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.workflows.DurationWindow;
import dev.verdict.core.workflows.MonitorType;
import dev.verdict.core.workflows.TransitionWindow;
import dev.verdict.core.workflows.WorkflowSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rules of workflows that need no server: windows, scores, the body's rules and the stored form. */
class WorkflowRulesTest {
    static TransitionWindow window(int size, String results) {
        TransitionWindow w = TransitionWindow.start(size, false);
        results.chars().forEach(c -> w.add(c == 'P'));
        return w;
    }

    @Test
    void transitionScoresAreTransitionsOverTheWindowSize() {
        assertThat(window(5, "FFFFF").score()).isZero();
        assertThat(window(5, "PPFFF").score()).isEqualTo(0.2);
        assertThat(window(5, "PF").score()).isEqualTo(0.2);
        // Buildkite's docs give PFPFF 0.4; by their own rule (and ours) it has three transitions.
        assertThat(window(5, "PFPFF").score()).isEqualTo(0.6);
        assertThat(window(3, "PPPPPF").results()).isEqualTo("PPF");
    }

    @Test
    void aRunOfPassesScoresLikeOnePass() {
        TransitionWindow kept = TransitionWindow.start(5, true);
        kept.add(false);
        assertThat(kept.score()).isEqualTo(window(5, "PPPPF").score());
        assertThat(window(5, "PPP").allPassed()).isTrue();
        assertThat(TransitionWindow.of(5, kept.results()).results()).isEqualTo("PF");
    }

    @Test
    void theDurationP50IsTheNearestRankMedianAndFastOnesStandInForUnkeptRuns() {
        DurationWindow w = DurationWindow.of(5, "");
        for (long ms : new long[] {100, 900, 300, 700, 500}) {
            w.add(ms);
        }
        assertThat(w.p50()).isEqualTo(500);
        w.add(1000); // 100 leaves
        assertThat(w.p50()).isEqualTo(700);
        DurationWindow started = DurationWindow.start(5, 100);
        started.add(3000);
        assertThat(started.p50()).isEqualTo(DurationWindow.FAST);
        assertThat(started.allAtMost(1000)).isFalse();
        assertThat(DurationWindow.of(5, started.encoded()).encoded()).isEqualTo("-1,-1,-1,-1,3000");
        DurationWindow fresh = DurationWindow.start(5, 0);
        fresh.add(3000);
        assertThat(fresh.p50()).as("a new test's one slow run").isEqualTo(3000);
    }

    static WorkflowSpec read(String json) {
        return WorkflowSpec.read(Json.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))), null);
    }

    @Test
    void aSpecReadsBackFromWhatTheStoreKeeps() {
        WorkflowSpec spec = read("""
                {"name": "Slow tests", "monitor": {"type": "duration_threshold", "alarm_threshold": 5,
                 "recover_threshold": 2}, "filters": [{"key": "cloud.provider", "operator": "is_not", "value": "aws"}],
                 "alarm_actions": [{"type": "slack", "webhook_url": "https://hooks.example.com/x"}]}""");
        assertThat(spec.monitor().windowSize()).as("default").isEqualTo(5);
        assertThat(WorkflowSpec.fromJson(spec.json())).isEqualTo(spec);
        assertThat(WorkflowSpec.fromJson(WorkflowSpec.defaultFlaky().json())).isEqualTo(WorkflowSpec.defaultFlaky());
        assertThat(spec.matches(k -> k.equals("cloud.provider") ? "gcp" : null)).isTrue();
        assertThat(spec.matches(k -> k.equals("cloud.provider") ? "aws" : null)).isFalse();
        assertThat(spec.matches(k -> null)).as("no tag is not aws").isTrue();
    }

    @Test
    void theMigrationsDefaultWorkflowIsTheDefault() throws Exception {
        for (String engine : new String[] {"sqlite", "postgresql"}) {
            String sql;
            try (var in = getClass().getResourceAsStream("/db/" + engine + "/V11__workflows.sql")) {
                sql = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (sql == null) {
                sql = java.nio.file.Files.readString(java.nio.file.Path.of(
                        "../verdict-storage/src/main/resources/db/" + engine + "/V11__workflows.sql"));
            }
            int from = sql.indexOf("'{\"name\"");
            String json = sql.substring(from + 1, sql.indexOf("}'", from) + 1);
            assertThat(WorkflowSpec.fromJson(json)).as(engine).isEqualTo(WorkflowSpec.defaultFlaky());
        }
    }

    @Test
    void everyMonitorTypeHasAWireName() {
        for (MonitorType t : MonitorType.values()) {
            assertThat(MonitorType.fromWireName(t.wireName())).contains(t);
        }
        assertThatThrownBy(() -> read("{\"monitor\": {\"type\": \"duration_threshold\"}}"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("monitor.alarm_threshold is required");
    }
}
