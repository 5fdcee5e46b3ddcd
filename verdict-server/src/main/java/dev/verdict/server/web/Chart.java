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

    /**
     * How a series is drawn: a line broken where a value is missing, a line over missing values
     * (buckets among the points of a scatter), or points alone (one per execution).
     */
    enum Style {
        LINE,
        SPANNING_LINE,
        POINTS
    }

    record Series(String label, String color, List<Double> values, Style style) {}

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
        return series(label, color, values, Style.LINE);
    }

    Chart series(String label, String color, List<Double> values, Style style) {
        series.add(new Series(label, color, values, style));
        return this;
    }

    String json() {
        ObjectNode chart = Json.MAPPER.createObjectNode();
        chart.put("kind", kind.name().toLowerCase(Locale.ROOT));
        chart.put("unit", unit);
        ArrayNode times = chart.putArray("x");
        // Seconds with the milliseconds kept: a scatter's points may be a millisecond apart.
        x.forEach(t -> times.add(t.toEpochMilli() / 1000.0));
        ArrayNode all = chart.putArray("series");
        for (Series s : series) {
            ObjectNode one = all.addObject();
            one.put("label", s.label());
            one.put("color", s.color());
            one.put("style", s.style().name().toLowerCase(Locale.ROOT));
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

    /**
     * Every item's value as a point at its own time (passed and failed apart), with the p50 and p95
     * of each bucket drawn over them as lines at the bucket's middle: a slowdown shows as the
     * points climbing, however few or many there are. {@code average} is each bucket's exact
     * average, drawn too, which covers the whole window where the items read may not. The x axis
     * is the items' and the buckets' times together, each series null where it has no value.
     */
    static <T> Chart scatter(
            List<Instant> buckets,
            Duration step,
            List<T> items,
            Function<T, Instant> at,
            Function<T, Double> value,
            java.util.function.Predicate<T> failed,
            List<Double> average) {
        java.util.TreeMap<Long, Double[]> rows = new java.util.TreeMap<>();
        Chart bands = percentiles(buckets, step, items, at, value);
        List<Double> p50 = bands.series.get(0).values();
        List<Double> p95 = bands.series.get(1).values();
        long half = step.toMillis() / 2;
        for (int i = 0; i < buckets.size(); i++) {
            Double[] row = rows.computeIfAbsent(buckets.get(i).toEpochMilli() + half, k -> new Double[5]);
            row[2] = p50.get(i);
            row[3] = p95.get(i);
            row[4] = average.get(i);
        }
        for (T item : items) {
            Double v = value.apply(item);
            if (v == null || bucket(buckets, at.apply(item), step) < 0) {
                continue;
            }
            // Two items at the same millisecond keep their own points a millisecond apart.
            long t = at.apply(item).toEpochMilli();
            while (rows.containsKey(t) && (rows.get(t)[0] != null || rows.get(t)[1] != null)) {
                t++;
            }
            rows.computeIfAbsent(t, k -> new Double[5])[failed.test(item) ? 1 : 0] = v;
        }
        List<Instant> x = new ArrayList<>(rows.size());
        List<List<Double>> columns = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            columns.add(new ArrayList<>());
        }
        rows.forEach((t, row) -> {
            x.add(Instant.ofEpochMilli(t));
            for (int c = 0; c < 5; c++) {
                columns.get(c).add(row[c]);
            }
        });
        return new Chart(Kind.LINES, "s", x)
                .series("passed", "pass", columns.get(0), Style.POINTS)
                .series("failed", "fail", columns.get(1), Style.POINTS)
                .series("p50", "p50", columns.get(2), Style.SPANNING_LINE)
                .series("p95", "p95", columns.get(3), Style.SPANNING_LINE)
                .series("average", "other", columns.get(4), Style.SPANNING_LINE);
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
