package dev.verdict.bench.judgment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the server said of every test after every build: {@code health(build, test)}, null where
 * the Tests API did not list the test.
 */
public final class Observations {
    private final int tests;
    private final List<Health[]> afterBuild = new ArrayList<>();

    public Observations(int tests) {
        this.tests = tests;
    }

    /** Records the server's answer after the next build; {@code healths} is by test index. */
    public void add(Health[] healths) {
        if (healths.length != tests) {
            throw new IllegalArgumentException("one health per test");
        }
        afterBuild.add(healths.clone());
    }

    public Health health(int build, int test) {
        return afterBuild.get(build)[test];
    }

    public int builds() {
        return afterBuild.size();
    }

    /** How many tests the Tests API left out after this build. */
    public long unlisted(int build) {
        return Arrays.stream(afterBuild.get(build)).filter(h -> h == null).count();
    }
}
