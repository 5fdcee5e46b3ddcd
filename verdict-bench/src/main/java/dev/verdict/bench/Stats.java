package dev.verdict.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles over measured values, and the {@code name: value unit} lines the benchmarks print. */
final class Stats {
    private Stats() {}

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s: %s %s", name, format(value), unit));
    }

    private static String format(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static void progress(String message) {
        System.err.println("bench: " + message);
    }
}
