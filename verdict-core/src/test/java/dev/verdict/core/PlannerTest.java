package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.plans.Planner;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner on generated suites shaped like real ones: file durations spread log-normally (most
 * files take a second or two, a few take minutes), over several seeds, sizes and node counts. Each
 * plan puts every item on exactly one node, ends within 5% of the lower bound, and beats the
 * round-robin split a client falls back to by a wide margin.
 */
class PlannerTest {
    /** Durations in ms: log-normal around {@code medianMs}, with {@code sigma} the spread of its log. */
    static long[] suite(long seed, int files, double medianMs, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] durations = new long[files];
        for (int i = 0; i < files; i++) {
            double gaussian =
                    Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            durations[i] = Math.max(1, Math.round(medianMs * Math.exp(sigma * gaussian)));
        }
        return durations;
    }

    /** The client's fallback: items in the order given, dealt round robin. */
    static long roundRobin(long[] durations, int nodes) {
        long[] loads = new long[nodes];
        for (int i = 0; i < durations.length; i++) {
            loads[i % nodes] += durations[i];
        }
        return Arrays.stream(loads).max().orElse(0);
    }

    @ParameterizedTest(name = "seed {0}: {1} files over {2} nodes")
    @CsvSource({
        "1, 10000, 50, 1500, 1.0",
        "2, 10000, 50, 1500, 1.5",
        "3, 2000, 16, 800, 1.2",
        "4, 200, 8, 3000, 1.0",
        "5, 60, 10, 5000, 0.8",
        "6, 500, 40, 1000, 2.0",
        "7, 35, 7, 10000, 0.5",
    })
    void everyItemOnceWithinFivePercentOfTheBoundAndWellAheadOfRoundRobin(
            long seed, int files, int nodes, double median, double sigma) {
        long[] durations = suite(seed, files, median, sigma);

        Planner.Packing plan = Planner.pack(durations, nodes);

        assertThat(plan.nodes()).hasSize(nodes);
        int[] seen = new int[files];
        long[] loads = new long[nodes];
        for (int n = 0; n < nodes; n++) {
            for (int item : plan.nodes().get(n)) {
                seen[item]++;
                loads[n] += durations[item];
            }
        }
        assertThat(seen).containsOnly(1);
        assertThat(plan.loads()).containsExactly(loads);
        long bound = Planner.lowerBound(durations, nodes);
        assertThat((double) plan.longest())
                .as("longest node against the lower bound %d", bound)
                .isLessThanOrEqualTo(bound * 1.05);
        long fallback = roundRobin(durations, nodes);
        if (bound < fallback) {
            // Where balancing is possible at all, the plan takes at least a third of the fallback's
            // excess over the bound off (usually nearly all of it).
            assertThat(plan.longest()).isLessThanOrEqualTo(bound + (fallback - bound) * 2 / 3);
        }
    }

    @Test
    void oneItemLongerThanTheRestTogetherIsTheBoundAndAloneOnItsNode() {
        long[] durations = {100_000, 500, 400, 300, 200, 100};

        Planner.Packing plan = Planner.pack(durations, 3);

        assertThat(plan.longest()).isEqualTo(100_000);
        assertThat(plan.nodes()).anySatisfy(node -> assertThat(node).containsExactly(0));
    }

    @Test
    void moreNodesThanItemsLeavesNodesEmptyButPresent() {
        Planner.Packing plan = Planner.pack(new long[] {5, 3}, 4);

        assertThat(plan.nodes()).hasSize(4);
        assertThat(plan.nodes().stream().filter(n -> n.length == 0)).hasSize(2);
        assertThat(Planner.pack(new long[0], 2).nodes())
                .allSatisfy(n -> assertThat(n).isEmpty());
    }

    @Test
    void theSameDurationsGiveTheSamePlan() {
        long[] durations = suite(9, 3000, 1200, 1.3);

        assertThat(Planner.pack(durations, 25).nodes())
                .usingRecursiveComparison()
                .isEqualTo(Planner.pack(durations.clone(), 25).nodes());
    }

    @Test
    void aSwapFixesWhatLongestFirstLeaves() {
        // Longest first ends {3,2,2}=7 and {3,2}=5; the best is 6 and 6, a 3 swapped for a 2.
        long[] durations = {3, 3, 2, 2, 2};

        Planner.Packing plan = Planner.pack(durations, 2);

        assertThat(plan.loads()).containsExactly(6, 6);
    }

    @Test
    void noNodesIsRefused() {
        assertThatThrownBy(() -> Planner.pack(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
