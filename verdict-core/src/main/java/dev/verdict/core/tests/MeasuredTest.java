package dev.verdict.core.tests;

import java.util.List;

/** A test with its metrics over a window, and the teams TESTOWNERS gives it (sorted). */
public record MeasuredTest(Test test, TestMetrics metrics, List<String> owners) {
    public MeasuredTest {
        owners = List.copyOf(owners);
    }
}
