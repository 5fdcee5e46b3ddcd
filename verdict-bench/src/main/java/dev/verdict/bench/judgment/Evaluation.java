package dev.verdict.bench.judgment;

import java.time.Duration;
import java.util.List;

/** One history replayed into a server and scored. */
public record Evaluation(
        History history, Observations observations, List<TestOutcome> outcomes, Scores scores, Duration took) {
    public Evaluation {
        outcomes = List.copyOf(outcomes);
    }

    public static Evaluation run(History history, Replay replay) {
        long started = System.nanoTime();
        Observations observations = replay.run(history);
        List<TestOutcome> outcomes = TestOutcome.of(history, observations);
        return new Evaluation(
                history, observations, outcomes, Scores.of(outcomes), Duration.ofNanos(System.nanoTime() - started));
    }
}
