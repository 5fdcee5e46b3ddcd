package dev.verdict.core.plans;

import dev.verdict.core.Json;
import dev.verdict.core.TestPaths;
import dev.verdict.core.ingest.TestResult;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;

/**
 * Which file each execution's duration counts toward, and which recorded file a plan's selector
 * or file path is. An upload records, per file, the sum of its executions' durations (what the
 * file took on that node); a plan looks each path up on its branch, then on the default branch.
 */
public final class FileTimings {
    /** The tag bktec and recent collectors put on each execution: the selector that ran it. */
    public static final String SELECTOR_TAG = "test.selector.primary";

    private final Map<String, FileTiming.Median> branch;
    private final Map<String, FileTiming.Median> defaultBranch;
    private Map<String, String> branchSuffixes;
    private Map<String, String> defaultSuffixes;

    /** The file timings of the plan's branch, and of the suite's default branch behind them. */
    public FileTimings(Map<String, FileTiming.Median> branch, Map<String, FileTiming.Median> defaultBranch) {
        this.branch = branch;
        this.defaultBranch = defaultBranch;
    }

    /**
     * The file a result's duration counts toward: its selector, else its file name, else its
     * location without the line; without a leading {@code ./}. Null when it names none.
     */
    public static String key(TestResult r) {
        String selector = r.tags().get(SELECTOR_TAG);
        if (selector != null && !selector.isBlank()) {
            return TestPaths.withoutDotSlash(selector);
        }
        if (r.fileName() != null && !r.fileName().isBlank()) {
            return TestPaths.withoutDotSlash(r.fileName());
        }
        if (r.location() != null && !r.location().isBlank()) {
            return TestPaths.withoutDotSlash(TestPaths.withoutLine(r.location()));
        }
        return null;
    }

    /** What each file took in an upload, in milliseconds: the sum of its timed executions. */
    public static Map<String, Long> byFile(List<TestResult> results) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (TestResult r : results) {
            String key = r.duration() == null ? null : key(r);
            if (key != null && Double.isFinite(r.duration()) && r.duration() >= 0) {
                seconds.merge(key, r.duration(), Double::sum);
            }
        }
        Map<String, Long> ms = new LinkedHashMap<>(seconds.size() * 2);
        seconds.forEach((file, s) -> ms.put(file, Math.round(s * 1000)));
        return ms;
    }

    /** An upload's {@link #byFile} as it waits to be counted into its branch's timings: a JSON object. */
    public static String encode(Map<String, Long> byFile) {
        return Json.MAPPER.writeValueAsString(byFile);
    }

    /** The reverse of {@link #encode}. */
    public static Map<String, Long> decode(String encoded) {
        return Json.MAPPER.readValue(encoded, BY_FILE);
    }

    private static final TypeReference<LinkedHashMap<String, Long>> BY_FILE = new TypeReference<>() {};

    /**
     * The recorded timing of a plan's path: on the plan's branch, then the default branch; each
     * as sent, under the plan's {@code location_prefix}, then as the one recorded file that ends
     * with it (an absolute path from a run with no {@code cwd}).
     */
    public Optional<FileTiming.Median> find(String path, String locationPrefix) {
        String p = TestPaths.withoutDotSlash(path);
        FileTiming.Median found = find(branch, p, locationPrefix);
        if (found == null) {
            if (branchSuffixes == null) {
                branchSuffixes = suffixes(branch);
            }
            found = bySuffix(branch, branchSuffixes, p);
        }
        if (found == null) {
            found = find(defaultBranch, p, locationPrefix);
        }
        if (found == null) {
            if (defaultSuffixes == null) {
                defaultSuffixes = suffixes(defaultBranch);
            }
            found = bySuffix(defaultBranch, defaultSuffixes, p);
        }
        return Optional.ofNullable(found);
    }

    private static FileTiming.Median find(Map<String, FileTiming.Median> timings, String path, String locationPrefix) {
        FileTiming.Median found = timings.get(path);
        return found != null ? found : timings.get(TestPaths.prefixed(locationPrefix, path));
    }

    private static FileTiming.Median bySuffix(
            Map<String, FileTiming.Median> timings, Map<String, String> suffixes, String path) {
        String key = suffixes.get(path);
        return key == null || key.isEmpty() ? null : timings.get(key);
    }

    /**
     * Every recorded file by each of its tails after a {@code /}: {@code /w/app/src/a.js} by
     * {@code w/app/src/a.js}, {@code app/src/a.js}, {@code src/a.js} and {@code a.js}. A tail two
     * files share is no one's (the empty key), so a path never takes another package's timing.
     */
    private static Map<String, String> suffixes(Map<String, FileTiming.Median> timings) {
        Map<String, String> tails = new HashMap<>();
        for (String key : timings.keySet()) {
            for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
                String tail = key.substring(slash + 1);
                if (!tail.isEmpty()) {
                    tails.merge(tail, key, (a, b) -> a.equals(b) ? a : "");
                }
            }
        }
        return tails;
    }
}
