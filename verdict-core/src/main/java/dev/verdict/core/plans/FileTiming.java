package dev.verdict.core.plans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A test file's recent durations on one branch, in milliseconds, newest first: one sample a run,
 * at most {@link #SAMPLES}, so a plan estimates the file from its last runs and forgets the
 * slowness of a fixed file within a few builds.
 *
 * @param lastRun the run of the newest sample: another upload of that run (a retry, or a node
 *     that ran the file again) updates it rather than adding a sample
 */
public record FileTiming(List<Long> samples, UUID lastRun) {
    public static final int SAMPLES = 10;

    public FileTiming {
        Objects.requireNonNull(lastRun);
        samples = List.copyOf(samples);
        if (samples.isEmpty() || samples.size() > SAMPLES) {
            throw new IllegalArgumentException("a file timing keeps 1 to " + SAMPLES + " samples");
        }
    }

    /** The first sample of a file. */
    public static FileTiming first(UUID run, long ms) {
        return new FileTiming(List.of(ms), run);
    }

    /**
     * With the file's duration in an upload of {@code run} counted. A run that ran the file in
     * several uploads took as long as the longest of them: a retry of a few failed tests must not
     * read as a fast run of the whole file.
     */
    public FileTiming with(UUID run, long ms) {
        List<Long> next = new ArrayList<>(samples);
        if (run.equals(lastRun)) {
            next.set(0, Math.max(next.getFirst(), ms));
        } else {
            next.addFirst(ms);
            if (next.size() > SAMPLES) {
                next.removeLast();
            }
        }
        return new FileTiming(next, run);
    }

    /** The median sample: of an even count, the lower middle one, so it is a duration that happened. */
    public long median() {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }

    /** What a plan reads of a file: its median and how many runs it is the median of. */
    public record Median(long ms, int samples) {}

    /** The median and the count, as stored beside the samples for plans to read alone. */
    public Median summary() {
        return new Median(median(), samples.size());
    }

    /** The samples as stored: comma-separated, newest first. */
    public String text() {
        return String.join(",", samples.stream().map(String::valueOf).toList());
    }

    /** The samples from {@link #text}. */
    public static FileTiming parse(String text, UUID lastRun) {
        return new FileTiming(Arrays.stream(text.split(",")).map(Long::valueOf).toList(), lastRun);
    }
}
