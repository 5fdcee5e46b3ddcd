package dev.verdict.core.ownership;

import dev.verdict.core.TestPaths;
import dev.verdict.core.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A suite's TESTOWNERS file: lines of a gitignore pattern followed by one or more team slugs, the
 * first being the default owner, and perhaps a {@code # comment}. Patterns match a test's file
 * (its location without the line); later lines win. Blank lines and {@code #} lines are ignored.
 * Patterns mean what they mean in a .gitignore or CODEOWNERS file ({@code spec/}, {@code *.rb},
 * {@code /app/**}), and are matched in time linear in the pattern and the path
 * ({@link GitignorePattern}); a file is refused when a line is too long or has too many
 * wildcards, and matching a whole suite has a time budget ({@link #matching}).
 */
public final class TestOwners {
    public static final int MAX_BYTES = 1 << 20;
    /** The longest pattern line; comment lines may be longer, as they cost nothing. */
    public static final int MAX_LINE_CHARS = 1024;
    /** How long matching a newly uploaded file against a suite's tests may take. */
    public static final Duration MATCHING_BUDGET = Duration.ofSeconds(10);

    /** Problems named in one answer; a file with more has them counted. */
    private static final int MAX_PROBLEMS = 20;
    /** How much of a pattern or path an error quotes. */
    private static final int QUOTE_CHARS = 80;
    /**
     * Rules matched between two looks at the clock (and one look for each path): a look costs about
     * as much as a cheap match.
     */
    private static final int CLOCK_EVERY = 32;

    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private record Rule(int line, String text, GitignorePattern pattern, List<String> teams) {}

    private final List<Rule> rules;

    private TestOwners(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * A team as the file or a filter writes it: {@code @payments} and {@code Payments} are the
     * team {@code payments}.
     */
    public static String team(String written) {
        String team = written.strip();
        return (team.startsWith("@") ? team.substring(1) : team).toLowerCase(Locale.ROOT);
    }

    /** Reads a file, or refuses it with a 422 naming every bad line. */
    public static TestOwners parse(String text) {
        List<Rule> rules = new ArrayList<>();
        Validation.Collector problems = new Validation.Collector();
        int bad = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem;
            Rule rule = null;
            if (line.length() > MAX_LINE_CHARS) {
                problem = "is " + line.length() + " characters long; a line may have at most " + MAX_LINE_CHARS;
            } else {
                List<String> words = words(line);
                String pattern = words.getFirst();
                List<String> teams = words.stream()
                        .skip(1)
                        .takeWhile(w -> !w.startsWith("#"))
                        .map(TestOwners::team)
                        .toList();
                problem = teams.stream()
                        .filter(t -> !TEAM.matcher(t).matches())
                        .findFirst()
                        .map(t -> quote(t) + " is not a team slug (lower-case letters, digits, '-' and '_')")
                        .orElse(null);
                if (teams.isEmpty()) {
                    problem = quote(pattern) + " has no team: every pattern needs at least one team slug";
                }
                try {
                    rule = new Rule(i + 1, pattern, GitignorePattern.parse(pattern), teams);
                } catch (GitignorePattern.Invalid e) {
                    problem = quote(pattern) + " " + e.getMessage();
                }
            }
            if (problem == null) {
                rules.add(rule);
            } else if (bad++ < MAX_PROBLEMS) {
                problems.add("file", "invalid", "line " + (i + 1) + ": " + problem);
            }
        }
        if (bad > MAX_PROBLEMS) {
            problems.add("file", "invalid", "and " + (bad - MAX_PROBLEMS) + " more bad lines");
        }
        problems.throwIfAny();
        return new TestOwners(List.copyOf(rules));
    }

    /** The line's words, split at whitespace that no backslash escapes ({@code a\ b} is one word). */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            word.append(c);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static String quote(String text) {
        return "'" + (text.length() > QUOTE_CHARS ? text.substring(0, QUOTE_CHARS) + "..." : text) + "'";
    }

    public int size() {
        return rules.size();
    }

    /**
     * The teams owning a test with this file name or location ({@code ./spec/a_spec.rb:12}); the
     * default owner first; empty when no line matches.
     */
    public List<String> owners(String fileOrLocation) {
        return owners(fileOrLocation, null);
    }

    /**
     * Matching within a time budget, which starts now: for the whole of a suite's tests, where a
     * file of many slow lines times many tests could otherwise run for minutes.
     */
    public Matching matching(Duration budget) {
        return matching(budget, System::nanoTime);
    }

    /** The same, with the clock given (tests). */
    public Matching matching(Duration budget, LongSupplier nanoTime) {
        return new Matching(budget, nanoTime);
    }

    private List<String> owners(String fileOrLocation, Matching budget) {
        if (fileOrLocation == null || fileOrLocation.isBlank()) {
            return List.of();
        }
        String path = TestPaths.withoutLine(fileOrLocation.strip());
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        int[][] segments = GitignorePattern.segments(path);
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            if (budget != null) {
                budget.check(rule, path, i == rules.size() - 1);
            }
            if (rule.pattern().matches(path, segments)) {
                return rule.teams();
            }
        }
        return List.of();
    }

    /**
     * The file's owners for one path after another, all within one budget; past it, {@link
     * #owners} throws a 422 naming the line it was matching.
     */
    public final class Matching {
        private final Duration budget;
        private final LongSupplier nanoTime;
        private final long start;
        private long matched;

        private Matching(Duration budget, LongSupplier nanoTime) {
            this.budget = budget;
            this.nanoTime = nanoTime;
            this.start = nanoTime.getAsLong();
        }

        /** The file being matched. */
        public TestOwners file() {
            return TestOwners.this;
        }

        public List<String> owners(String fileOrLocation) {
            return TestOwners.this.owners(fileOrLocation, this);
        }

        private void check(Rule rule, String path, boolean firstOfPath) {
            if ((firstOfPath || ++matched % CLOCK_EVERY == 0) && nanoTime.getAsLong() - start >= budget.toNanos()) {
                throw new Validation(List.of(new Validation.Problem(
                        "file",
                        "too_slow",
                        "line " + rule.line() + ": matching the suite's tests took longer than "
                                + describe(budget) + "; it stopped at " + quote(rule.text()) + " against "
                                + quote(path) + ". Use fewer or simpler patterns; the previous file stays")));
            }
        }

        private static String describe(Duration d) {
            return d.toMillis() >= 1000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
