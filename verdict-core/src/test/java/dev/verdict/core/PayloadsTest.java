package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ingest.Payloads;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.TestResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    @Test
    void resultsSurviveTheRoundTripWithNullsAndUnicode() {
        List<TestResult> results = List.of(
                new TestResult(
                        "Scope ✓",
                        "name",
                        "a.rb:1",
                        "a.rb",
                        Result.FAILED,
                        "boom",
                        "[{\"expanded\":[\"x\"]}]",
                        0.25,
                        "{\"duration\":0.25}",
                        Map.of("team", "web", "cloud.provider", "aws"),
                        "{\"stdout\":\"hello\"}"),
                new TestResult("", "bare", null, null, Result.PENDING, null, null, null, null, Map.of()),
                new TestResult("", "long", null, null, Result.PASSED, "x".repeat(100_000), null, 0.0, null, Map.of()));

        assertThat(Payloads.read(Payloads.write(results))).isEqualTo(results);
    }

    @Test
    void aVersionOnePayloadQueuedByAnOlderServerStillReads() {
        TestResult result = new TestResult("s", "n", null, null, Result.PASSED, null, null, 1.0, null, Map.of());
        byte[] current = Payloads.write(List.of(result));
        // Version 1 is version 2 without each result's output (here its null marker, the last 4 bytes).
        byte[] older = java.util.Arrays.copyOf(current, current.length - 4);
        older[0] = 1;

        assertThat(Payloads.read(older)).containsExactly(result);
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> Payloads.read("not a payload".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payloads.read(new byte[] {1, 0, 0, 0, 5}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
