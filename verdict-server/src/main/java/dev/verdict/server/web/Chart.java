package dev.verdict.server.web;

import dev.verdict.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chart's data as the page hands it to uPlot (app.js): times in epoch seconds, one array of
 * values per series, null where a bucket has none. Pages put it in a {@code data-chart} attribute,
 * so no script is inline and the content security policy can forbid inline scripts.
 */
final class Chart {
    /** How values are drawn: stacked bars of counts, or lines. */
    enum Kind {
        BARS,
        LINES
    }

    record Series(String label, String color, List<Double> values) {}

    private final Kind kind;
    private final String unit;
    private final List<Instant> x;
    private final List<Series> series = new ArrayList<>();

    Chart(Kind kind, String unit, List<Instant> x) {
        this.kind = kind;
        this.unit = unit;
        this.x = x;
    }

    Chart series(String label, String color, List<Double> values) {
        series.add(new Series(label, color, values));
        return this;
    }

    String json() {
        ObjectNode chart = Json.MAPPER.createObjectNode();
        chart.put("kind", kind.name().toLowerCase(Locale.ROOT));
        chart.put("unit", unit);
        ArrayNode times = chart.putArray("x");
        x.forEach(t -> times.add(t.getEpochSecond()));
        ArrayNode all = chart.putArray("series");
        for (Series s : series) {
            ObjectNode one = all.addObject();
            one.put("label", s.label());
            one.put("color", s.color());
            ArrayNode values = one.putArray("values");
            s.values().forEach(v -> {
                if (v == null) {
                    values.addNull();
                } else {
                    values.add(v);
                }
            });
        }
        return Json.MAPPER.writeValueAsString(chart);
    }

    /** The buckets a window is cut into: hours for a day or less, else days. */
    static List<Instant> buckets(Instant from, Instant to) {
        Duration step = step(from, to);
        List<Instant> buckets = new ArrayList<>();
        Instant start = Instant.ofEpochSecond(from.getEpochSecond() / step.toSeconds() * step.toSeconds());
        for (Instant t = start; t.isBefore(to); t = t.plus(step)) {
            buckets.add(t);
        }
        return buckets;
    }

    static Duration step(Instant from, Instant to) {
        return Duration.between(from, to).compareTo(Duration.ofDays(2)) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
    }

    /** Which bucket an instant falls in. */
    static int bucket(List<Instant> buckets, Instant at, Duration step) {
        if (buckets.isEmpty()) {
            return -1;
        }
        long index = Duration.between(buckets.get(0), at).toSeconds() / step.toSeconds();
        return index < 0 || index >= buckets.size() ? -1 : (int) index;
    }

    /** Where an item counts in a chart of results. */
    enum Outcome {
        PASSED,
        FAILED,
        OTHER
    }

    /** Stacked bars of items per bucket by outcome: passed, failed, and the rest under {@code otherLabel}. */
    static <T> String resultBars(
            String unit,
            String otherLabel,
            List<Instant> buckets,
            Duration step,
            List<T> items,
            Function<T, Instant> at,
            Function<T, Outcome> outcome) {
        double[][] counts = new double[Outcome.values().length][buckets.size()];
        for (T item : items) {
            int i = bucket(buckets, at.apply(item), step);
            if (i >= 0) {
                counts[outcome.apply(item).ordinal()][i]++;
            }
        }
        return new Chart(Kind.BARS, unit, buckets)
                .series("passed", "pass", list(counts[Outcome.PASSED.ordinal()]))
                .series("failed", "fail", list(counts[Outcome.FAILED.ordinal()]))
                .series(otherLabel, "other", list(counts[Outcome.OTHER.ordinal()]))
                .json();
    }

    /** Lines of the p50 and p95 of the values (null ones left out) per bucket. */
    static <T> Chart percentiles(
            List<Instant> buckets, Duration step, List<T> items, Function<T, Instant> at, Function<T, Double> value) {
        List<List<Double>> values = new ArrayList<>();
        buckets.forEach(b -> values.add(new ArrayList<>()));
        for (T item : items) {
            int i = bucket(buckets, at.apply(item), step);
            Double v = value.apply(item);
            if (i >= 0 && v != null) {
                values.get(i).add(v);
            }
        }
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        for (List<Double> bucket : values) {
            bucket.sort(null);
            p50.add(percentile(bucket, 0.5));
            p95.add(percentile(bucket, 0.95));
        }
        return new Chart(Kind.LINES, "s", buckets).series("p50", "p50", p50).series("p95", "p95", p95);
    }

    static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /** The nearest-rank percentile of sorted values, or null for none. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
