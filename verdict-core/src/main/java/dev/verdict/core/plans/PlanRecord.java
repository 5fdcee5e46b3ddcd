package dev.verdict.core.plans;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A plan as it was made and how its nodes did: each node's predicted duration (the sum of its
 * entries' estimates) beside what bktec reported the node took (its run report's timeline, first
 * event to last, retries included). Nodes not reported yet are null.
 */
public record PlanRecord(String identifier, String branch, Instant createdAt, List<Long> predicted, List<Long> actual) {
    public PlanRecord {
        predicted = List.copyOf(predicted);
        actual = Collections.unmodifiableList(new ArrayList<>(actual));
        if (actual.size() != predicted.size()) {
            throw new IllegalArgumentException("a plan's nodes are each predicted and each maybe reported");
        }
    }

    public int parallelism() {
        return predicted.size();
    }

    /** When the plan says the last node finishes. */
    public long predictedMakespan() {
        return predicted.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** How many nodes reported. */
    public int reported() {
        return (int) actual.stream().filter(a -> a != null).count();
    }

    /** The longest a reported node really took: the build's wait, once every node has reported. */
    public Optional<Long> actualMakespan() {
        return actual.stream().filter(a -> a != null).max(Long::compare);
    }

    /** The reported node that took longest: the one the build waited for. */
    public OptionalInt worstNode() {
        int worst = -1;
        for (int n = 0; n < actual.size(); n++) {
            if (actual.get(n) != null && (worst < 0 || actual.get(n) > actual.get(worst))) {
                worst = n;
            }
        }
        return worst < 0 ? OptionalInt.empty() : OptionalInt.of(worst);
    }

    /**
     * How far off the plan was: actual makespan over predicted, less one (0.1 = 10% longer than
     * planned); empty until a node reports or when nothing was predicted.
     */
    public Optional<Double> makespanError() {
        long predictedMakespan = predictedMakespan();
        return predictedMakespan == 0
                ? Optional.empty()
                : actualMakespan().map(a -> (double) a / predictedMakespan - 1);
    }
}
