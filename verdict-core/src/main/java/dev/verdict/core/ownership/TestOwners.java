package dev.verdict.core.ownership;

import dev.verdict.core.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * A suite's TESTOWNERS file: lines of a gitignore-style pattern followed by one or more team slugs,
 * the first being the default owner. Patterns match a test's file (its location without the line);
 * later lines win. Blank lines and {@code #} comments are ignored. Pattern matching is JGit's
 * gitignore implementation, so {@code spec/}, {@code *.rb}, {@code /app/**} and friends mean what
 * they mean in a .gitignore or CODEOWNERS file.
 */
public final class TestOwners {
    public static final int MAX_BYTES = 1 << 20;
    /** Problems named in one answer; a file with more has them counted. */
    private static final int MAX_PROBLEMS = 20;

    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern LOCATION_SUFFIX = Pattern.compile("(:\\d+)+$");

    private record Rule(FastIgnoreRule pattern, List<String> teams) {}

    private final List<Rule> rules;

    private TestOwners(List<Rule> rules) {
        this.rules = rules;
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
            String problem = null;
            String[] words = line.split("\\s+");
            List<String> teams = Arrays.stream(words)
                    .skip(1)
                    .map(t -> t.startsWith("@") ? t.substring(1) : t)
                    .map(t -> t.toLowerCase(Locale.ROOT))
                    .toList();
            if (teams.isEmpty()) {
                problem = "'" + words[0] + "' has no team: every pattern needs at least one team slug";
            } else if (words[0].startsWith("!")) {
                problem = "'" + words[0] + "' negates: patterns cannot be negated in TESTOWNERS";
            } else {
                problem = teams.stream()
                        .filter(t -> !TEAM.matcher(t).matches())
                        .findFirst()
                        .map(t -> "'" + t + "' is not a team slug (lower-case letters, digits, '-' and '_')")
                        .orElse(null);
            }
            if (problem == null) {
                try {
                    rules.add(new Rule(new FastIgnoreRule(words[0]), teams));
                } catch (RuntimeException e) {
                    problem = "'" + words[0] + "' is not a valid pattern: " + e.getMessage();
                }
            }
            if (problem != null && bad++ < MAX_PROBLEMS) {
                problems.add("file", "invalid", "line " + (i + 1) + ": " + problem);
            }
        }
        problems.throwIfAny();
        return new TestOwners(List.copyOf(rules));
    }

    public int size() {
        return rules.size();
    }

    /**
     * The teams owning a test with this file name or location ({@code ./spec/a_spec.rb:12}); the
     * default owner first; empty when no line matches.
     */
    public List<String> owners(String fileOrLocation) {
        if (fileOrLocation == null || fileOrLocation.isBlank()) {
            return List.of();
        }
        String path = LOCATION_SUFFIX.matcher(fileOrLocation.strip()).replaceFirst("");
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).pattern().isMatch(path, false)) {
                return rules.get(i).teams();
            }
        }
        return List.of();
    }
}
