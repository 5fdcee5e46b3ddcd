package dev.verdict.core.tests;

/** A test with its metrics over a window. */
public record MeasuredTest(Test test, TestMetrics metrics) {}
