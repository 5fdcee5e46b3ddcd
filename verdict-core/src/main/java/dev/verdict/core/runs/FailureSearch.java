package dev.verdict.core.runs;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Failure reasons that contain a text, across a suite's recent runs, grouped by test: "has this
 * error been seen before, where, and in which tests?". The search reads at most {@link
 * #MATCH_LIMIT} matching executions, newest first, so no text makes it unbounded work; an answer
 * that reached the limit says so.
 */
public final class FailureSearch {
    /** The most matching executions read for one search. */
    public static final int MATCH_LIMIT = 1000;

    /** The most runs a group names: the newest. */
    public static final int RUNS_SHOWN = 5;

    /** The shortest text searched for: one or two letters match nearly every failure. */
    public static final int MIN_CHARS = 3;

    /** The longest text searched for. */
    public static final int MAX_CHARS = 200;

    private FailureSearch() {}

    /** One test's matching failures: how many, the newest, and the newest runs they were in. */
    public record Group(UUID testId, int matches, FailureMatch newest, List<FailureMatch> runs) {}

    /** The text to search for, trimmed; a 400 naming the problem when it is too short or too long. */
    public static String text(String given) {
        String text = given == null ? "" : given.strip();
        if (text.length() < MIN_CHARS) {
            throw new BadRequest("search must be at least " + MIN_CHARS + " characters, not '" + text + "'");
        }
        if (text.length() > MAX_CHARS) {
            throw new BadRequest("search is " + text.length() + " characters; at most " + MAX_CHARS);
        }
        if (Text.hasControl(text)) {
            throw new BadRequest("search holds a control character");
        }
        return text;
    }

    /** Groups matches by test, the test seen failing most recently first, each group's newest first. */
    public static List<Group> group(List<FailureMatch> matches) {
        Map<UUID, List<FailureMatch>> byTest = new LinkedHashMap<>();
        for (FailureMatch m : matches) {
            byTest.computeIfAbsent(m.testId(), id -> new ArrayList<>()).add(m);
        }
        List<Group> groups = new ArrayList<>();
        byTest.forEach((test, found) -> {
            found.sort(Comparator.comparing(FailureMatch::at).reversed());
            Set<UUID> seen = new LinkedHashSet<>();
            List<FailureMatch> runs = new ArrayList<>();
            for (FailureMatch m : found) {
                if (runs.size() < RUNS_SHOWN && seen.add(m.runId())) {
                    runs.add(m);
                }
            }
            groups.add(new Group(test, found.size(), found.get(0), List.copyOf(runs)));
        });
        groups.sort(Comparator.comparing((Group g) -> g.newest().at()).reversed());
        return groups;
    }
}
