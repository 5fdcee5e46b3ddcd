package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.plans.FileTiming;
import dev.verdict.core.plans.FileTimings;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How durations become file timings, and how a plan's paths find them. */
class FileTimingsTest {
    private static final UUID RUN_1 = UUID.randomUUID();
    private static final UUID RUN_2 = UUID.randomUUID();

    private static TestResult result(String file, String location, Double seconds, Map<String, String> tags) {
        return new TestResult("s", "n" + Math.random(), location, file, Result.PASSED, null, null, seconds, null, tags);
    }

    @Test
    void aFileTakesTheSumOfItsTimedExecutionsCountedTowardItsSelectorFileOrLocation() {
        Map<String, Long> byFile = FileTimings.byFile(List.of(
                result("./spec/a_spec.rb", null, 1.25, Map.of()),
                result("spec/a_spec.rb", null, 0.5, Map.of()),
                result(null, "./spec/b_spec.rb:12", 2.0, Map.of()),
                result("lib/x.rb", null, 3.0, Map.of(FileTimings.SELECTOR_TAG, "spec/x_spec.rb")),
                result("spec/untimed_spec.rb", null, null, Map.of()),
                result(null, null, 4.0, Map.of())));

        assertThat(byFile)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("spec/a_spec.rb", 1750L, "spec/b_spec.rb", 2000L, "spec/x_spec.rb", 3000L));
    }

    @Test
    void aRunCountsOnceAtItsLongestAndTheLastTenRunsAreKept() {
        FileTiming t = FileTiming.first(RUN_1, 500).with(RUN_1, 2000).with(RUN_1, 100);
        assertThat(t.samples()).containsExactly(2000L);
        t = t.with(RUN_2, 40);
        assertThat(t.samples()).containsExactly(40L, 2000L);
        assertThat(t.median()).isEqualTo(40);
        for (int i = 0; i < 20; i++) {
            t = t.with(UUID.randomUUID(), 100 + i);
        }
        assertThat(t.samples()).hasSize(FileTiming.SAMPLES).first().isEqualTo(119L);
        assertThat(t.median()).isEqualTo(114);
        assertThat(FileTiming.parse(t.text(), t.lastRun())).isEqualTo(t);
        assertThat(t.summary()).isEqualTo(new FileTiming.Median(114, FileTiming.SAMPLES));
    }

    @Test
    void pathsMatchAsSentUnderTheLocationPrefixOrByTheOneFileTheyEndAndTheBranchComesFirst() {
        FileTiming.Median one = new FileTiming.Median(1, 1);
        FileTiming.Median two = new FileTiming.Median(2, 1);
        FileTiming.Median three = new FileTiming.Median(3, 2);
        FileTiming.Median four = new FileTiming.Median(4, 3);
        FileTimings timings = new FileTimings(
                Map.of("spec/a_spec.rb", one),
                Map.of(
                        "spec/a_spec.rb", two,
                        "packages/web/src/b.test.js", three,
                        "/ci/one/src/c.test.js", four,
                        "/ci/two/src/c.test.js", four,
                        "/ci/one/src/d.test.js", three));

        assertThat(timings.find("./spec/a_spec.rb", "")).contains(one);
        assertThat(timings.find("src/b.test.js", "packages/web")).contains(three);
        assertThat(timings.find("src/d.test.js", "")).contains(three);
        // Two packages' files end with it: neither is this one.
        assertThat(timings.find("src/c.test.js", "")).isEmpty();
        assertThat(timings.find("spec/none_spec.rb", "")).isEmpty();
    }

    @Test
    void pathsAreReadAsTheRepositoryNamesThem() {
        assertThat(TestPaths.relativeTo("/workspace/app", "/workspace/app/src/a.test.js"))
                .isEqualTo("src/a.test.js");
        assertThat(TestPaths.relativeTo("/workspace/app/", "/workspace/app/src/a.test.js"))
                .isEqualTo("src/a.test.js");
        assertThat(TestPaths.relativeTo("/workspace/app", "/workspace/application/a.js"))
                .isEqualTo("/workspace/application/a.js");
        assertThat(TestPaths.relativeTo(null, "./spec/a_spec.rb")).isEqualTo("./spec/a_spec.rb");
        assertThat(TestPaths.prefixed("packages/web", "./src/a.js")).isEqualTo("packages/web/src/a.js");
        assertThat(TestPaths.prefixed("", "src/a.js")).isEqualTo("src/a.js");
        assertThat(TestPaths.withoutLine("spec/a_spec.rb:12:5")).isEqualTo("spec/a_spec.rb");
    }

    @Test
    void queuedDurationsReadBackAsWrittenWhateverTheFilesAreNamed() {
        Map<String, Long> byFile = new java.util.LinkedHashMap<>();
        byFile.put("spec/a \"quoted\", and, commas_spec.rb", 12L);
        byFile.put("src/ünïcode\ttab\nline.test.js", 0L);
        byFile.put("camelCaseFile.java", 9_007_199_254_740_993L);
        String encoded = FileTimings.encode(byFile);
        assertThat(FileTimings.decode(encoded)).containsExactlyEntriesOf(byFile);
    }
}
