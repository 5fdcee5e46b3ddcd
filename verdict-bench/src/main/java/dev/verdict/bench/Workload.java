package dev.verdict.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Uploads shaped like the captured collector payloads: a suite of stable tests (so later runs
 * upsert existing tests, as real suites do), about 10% failing with a reason and an expanded
 * failure, some with spans, and 2% flaky (their result changes from run to run).
 */
final class Workload {
    static final int RESULTS_PER_UPLOAD = 5000;
    private static final double FAILING = 0.08;
    private static final int FLAKY_EVERY = 50;

    private Workload() {}

    /** Whether test {@code t} fails in upload {@code u}: fixed for most tests, random for the flaky 2%. */
    static boolean fails(int upload, int test) {
        if (test % FLAKY_EVERY == 0) {
            return new SplittableRandom(31L * upload + test).nextBoolean();
        }
        return new SplittableRandom(test).nextDouble() < FAILING;
    }

    static String scope(int test) {
        return "Module" + test / 250 + " Feature" + (test / 10) % 25;
    }

    static String name(int test) {
        return "behaves as specified in case " + test;
    }

    static String file(int test) {
        return "./spec/module" + test / 250 + "/feature" + (test / 10) % 25 + "_spec.rb";
    }

    static String location(int test) {
        return file(test) + ":" + (10 + test % 10 * 7);
    }

    static final String FAILURE_REASON = "expected: 200 got: 500 (compared using ==)";
    static final String FAILURE_EXPANDED = "[{\"expanded\":[\"Failure/Error: expect(response.status).to eq(200)\","
            + "\"  expected: 200\",\"       got: 500\"],\"backtrace\":[\"./spec/support/request_helper.rb:12:in `block'\","
            + "\"./spec/module/feature_spec.rb:42:in `block (3 levels)'\"]}]";

    /** The JSON body of upload {@code u}, in the collectors' shape. */
    static String body(int upload, String runKey) {
        StringBuilder json = new StringBuilder(RESULTS_PER_UPLOAD * 420);
        json.append("{\"format\":\"json\",\"run_env\":{\"CI\":\"buildkite\",\"key\":\"")
                .append(runKey)
                .append("\",\"branch\":\"main\",\"commit_sha\":\"")
                .append(String.format(Locale.ROOT, "%040x", upload))
                .append("\",\"number\":\"")
                .append(upload)
                .append("\",\"collector\":\"ruby-buildkite-test_collector\"},")
                .append("\"tags\":{\"cloud.provider\":\"aws\"},\"data\":[");
        double clock = 442.0;
        for (int t = 0; t < RESULTS_PER_UPLOAD; t++) {
            boolean failed = fails(upload, t);
            double duration = 0.001 + (t % 97) / 1000.0;
            if (t > 0) {
                json.append(',');
            }
            json.append("{\"id\":\"")
                    .append(java.util.UUID.randomUUID())
                    .append("\",\"scope\":\"")
                    .append(scope(t))
                    .append("\",\"name\":\"")
                    .append(name(t))
                    .append("\",\"location\":\"")
                    .append(location(t))
                    .append("\",\"file_name\":\"")
                    .append(file(t))
                    .append("\",\"result\":\"")
                    .append(failed ? "failed" : "passed")
                    .append('"');
            if (failed) {
                json.append(",\"failure_reason\":\"")
                        .append(FAILURE_REASON)
                        .append("\",\"failure_expanded\":")
                        .append(FAILURE_EXPANDED);
            }
            json.append(",\"history\":{\"section\":\"top\",\"start_at\":")
                    .append(clock)
                    .append(",\"end_at\":")
                    .append(clock + duration)
                    .append(",\"duration\":")
                    .append(duration)
                    .append(",\"children\":[");
            if (t % 5 == 0) {
                json.append("{\"section\":\"sql\",\"start_at\":")
                        .append(clock)
                        .append(",\"end_at\":")
                        .append(clock + duration / 2)
                        .append(",\"duration\":")
                        .append(duration / 2)
                        .append(",\"detail\":{\"query\":\"SELECT * FROM users WHERE id = ?\"}}");
            }
            json.append("]}}");
            clock += duration;
        }
        return json.append("]}").toString();
    }
}
