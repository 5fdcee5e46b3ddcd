package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.tests.Rollup;
import dev.verdict.core.tests.Rollup.Part;
import dev.verdict.core.tests.Rollup.Source;
import dev.verdict.core.tests.TestQuery;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollupTest {
    private static long at(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    private static TestQuery.Window window(String from, String to) {
        return new TestQuery.Window(Instant.parse(from), Instant.parse(to));
    }

    @Test
    void aWindowIsCutIntoDaysHoursAndExecutionsThatCoverItExactly() {
        var parts = Rollup.split(window("2026-03-10T10:30:00Z", "2026-03-13T05:15:00Z"), at("2026-03-13T03:00:00Z"));

        assertThat(parts)
                .containsExactly(
                        new Part(Source.EXECUTIONS, at("2026-03-10T10:30:00Z"), at("2026-03-10T11:00:00Z")),
                        new Part(Source.HOURS, at("2026-03-10T11:00:00Z"), at("2026-03-11T00:00:00Z")),
                        new Part(Source.DAYS, at("2026-03-11T00:00:00Z"), at("2026-03-13T00:00:00Z")),
                        new Part(Source.HOURS, at("2026-03-13T00:00:00Z"), at("2026-03-13T03:00:00Z")),
                        new Part(Source.EXECUTIONS, at("2026-03-13T03:00:00Z"), at("2026-03-13T05:15:00.001Z")));
    }

    @Test
    void withoutRollupsOrWholeHoursEverythingIsReadFromExecutions() {
        assertThat(Rollup.split(window("2026-03-10T10:30:00Z", "2026-03-13T05:15:00Z"), 0))
                .containsExactly(
                        new Part(Source.EXECUTIONS, at("2026-03-10T10:30:00Z"), at("2026-03-13T05:15:00.001Z")));
        assertThat(Rollup.split(window("2026-03-10T10:05:00Z", "2026-03-10T10:55:00Z"), at("2026-03-11T00:00:00Z")))
                .containsExactly(
                        new Part(Source.EXECUTIONS, at("2026-03-10T10:05:00Z"), at("2026-03-10T10:55:00.001Z")));
        // Hours exactly: an end on the hour includes that instant, read from executions.
        assertThat(Rollup.split(window("2026-03-10T10:00:00Z", "2026-03-10T12:00:00Z"), at("2026-03-11T00:00:00Z")))
                .containsExactly(
                        new Part(Source.HOURS, at("2026-03-10T10:00:00Z"), at("2026-03-10T12:00:00Z")),
                        new Part(Source.EXECUTIONS, at("2026-03-10T12:00:00Z"), at("2026-03-10T12:00:00.001Z")));
    }

    @Test
    void anHourClosesAfterSettlingAndOnceNothingReceivedInItIsQueued() {
        Instant now = Instant.parse("2026-03-10T12:05:00Z");
        assertThat(Rollup.closedBefore(now, Optional.empty())).isEqualTo(at("2026-03-10T11:00:00Z"));
        assertThat(Rollup.closedBefore(Instant.parse("2026-03-10T12:11:00Z"), Optional.empty()))
                .isEqualTo(at("2026-03-10T12:00:00Z"));
        assertThat(Rollup.closedBefore(now, Optional.of(Instant.parse("2026-03-10T09:59:00Z"))))
                .isEqualTo(at("2026-03-10T09:00:00Z"));
    }
}
