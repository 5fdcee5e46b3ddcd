package dev.verdict.core.ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * One gitignore pattern, matched against a path in time bounded by the pattern's length times the
 * path's: no backtracking beyond the last star. A pattern is a list of elements over the path's
 * segments, each either one segment's glob ({@code *}, {@code ?}, {@code [...]}, literals) or
 * {@code **} (any number of whole segments); both levels use the greedy two-pointer match, which
 * is exact when a star is the only element that spans more than one item. A recursive matcher
 * (JGit's, git's older wildmatch) instead tries every way to split the name among the stars, which
 * grows exponentially with their number.
 *
 * <p>Gitignore's rules: a pattern without a slash (a trailing one aside) matches a name at any
 * depth; one with a slash is anchored at the root; a trailing slash matches directories only; a
 * leading {@code **}{@code /} matches in every directory, {@code /**} at the end everything inside,
 * {@code /**}{@code /} zero or more directories, and other runs of stars (within a name, or
 * three or more) are one star. A path
 * matches when it, or any directory above it, matches.
 */
final class GitignorePattern {
    /** Star runs ({@code *} or {@code **}) one pattern may hold. */
    static final int MAX_WILDCARDS = 16;

    private static final String POSIX_CLASSES =
            "alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space, upper, xdigit";

    /** A pattern that cannot be read; the message says why, without the line (the caller adds it). */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** One code point of a segment: a literal, {@code ?}, or a class; or a star ({@code null} test). */
    private record Atom(IntPredicate test) {
        static final Atom STAR = new Atom(null);

        boolean isStar() {
            return test == null;
        }
    }

    /** A segment's glob; {@link #ANY} is one whole segment of any name. */
    private record Segment(Atom[] atoms) {
        static final Segment ANY = new Segment(new Atom[] {Atom.STAR});

        boolean matches(int[] name) {
            return greedy(
                    atoms.length,
                    name.length,
                    p -> atoms[p].isStar(),
                    (p, t) -> atoms[p].test().test(name[t]));
        }
    }

    /** Elements over the path's segments; {@code null} stands for {@code **}. */
    private final Segment[] elements;
    /** A run of literal text every matching path contains: a cheap test before the real one. */
    private final String literal;

    private GitignorePattern(Segment[] elements, String literal) {
        this.elements = elements;
        this.literal = literal;
    }

    /** Reads a pattern as written in the file (backslash escapes included). */
    static GitignorePattern parse(String text) {
        if (text.startsWith("!")) {
            throw new Invalid("negates: patterns cannot be negated in TESTOWNERS");
        }
        Reader reader = new Reader(text);
        List<List<Atom>> segments = reader.segments();
        if (reader.wildcards > MAX_WILDCARDS) {
            throw new Invalid("has " + reader.wildcards + " wildcards; a pattern may have at most " + MAX_WILDCARDS
                    + " '*' or '**'");
        }
        boolean anchored = false;
        boolean directoryOnly = false;
        if (segments.size() > 1 && isEmpty(segments.getFirst())) {
            segments.removeFirst();
            anchored = true;
        }
        if (segments.size() > 1 && isEmpty(segments.getLast())) {
            segments.removeLast();
            directoryOnly = true;
        }
        if (segments.stream().anyMatch(GitignorePattern::isEmpty)) {
            throw new Invalid(segments.size() == 1 ? "names nothing" : "has an empty path segment ('//')");
        }
        anchored |= segments.size() > 1;

        List<Segment> elements = new ArrayList<>();
        if (!anchored) {
            elements.add(null);
        }
        for (int i = 0; i < segments.size(); i++) {
            List<Atom> atoms = segments.get(i);
            if (atoms == null) {
                if (i == segments.size() - 1) {
                    // A trailing "/**" is everything inside: at least one segment more.
                    elements.add(Segment.ANY);
                }
                elements.add(null);
            } else {
                elements.add(new Segment(atoms.toArray(Atom[]::new)));
            }
        }
        if (directoryOnly) {
            elements.add(Segment.ANY);
        }
        // Whatever lies below a matching name matches too.
        elements.add(null);
        List<Segment> collapsed = new ArrayList<>();
        for (Segment e : elements) {
            if (e != null || collapsed.isEmpty() || collapsed.getLast() != null) {
                collapsed.add(e);
            }
        }
        return new GitignorePattern(collapsed.toArray(Segment[]::new), reader.longestLiteral);
    }

    private static boolean isEmpty(List<Atom> segment) {
        return segment != null && segment.isEmpty();
    }

    /** Whether the path, whose text is {@code path} and whose segments are {@code segments}, matches. */
    boolean matches(String path, int[][] segments) {
        if (!path.contains(literal)) {
            return false;
        }
        return greedy(
                elements.length, segments.length, p -> elements[p] == null, (p, t) -> elements[p].matches(segments[t]));
    }

    /** A path split into segments of code points, once for every pattern it is matched against. */
    static int[][] segments(String path) {
        return path.isEmpty()
                ? new int[0][]
                : java.util.Arrays.stream(path.split("/", -1))
                        .map(s -> s.codePoints().toArray())
                        .toArray(int[][]::new);
    }

    private interface ItemTest {
        boolean test(int patternIndex, int textIndex);
    }

    /**
     * Wildcard matching of {@code patternLength} elements against {@code textLength} items, where
     * a star matches any run of items and every other element exactly one. On a mismatch only the
     * latest star takes one item more: an earlier star could only move the later part to where the
     * latest one already lets it go, so no earlier choice needs revisiting. At most patternLength ×
     * textLength tests.
     */
    private static boolean greedy(int patternLength, int textLength, IntPredicate isStar, ItemTest matches) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < textLength) {
            if (p < patternLength && isStar.test(p)) {
                star = p++;
                resume = t;
            } else if (p < patternLength && matches.test(p, t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < patternLength && isStar.test(p)) {
            p++;
        }
        return p == patternLength;
    }

    /** Reads the pattern's text into segments of atoms, counting wildcards and finding literals. */
    private static final class Reader {
        private final String text;
        private int i;
        int wildcards;
        String longestLiteral = "";

        Reader(String text) {
            this.text = text;
        }

        /** The segments between slashes; {@code null} for one that is exactly {@code **}. */
        List<List<Atom>> segments() {
            List<List<Atom>> segments = new ArrayList<>();
            List<Atom> current = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            boolean onlyStars = true;
            int stars = 0;
            while (i < text.length()) {
                int c = text.codePointAt(i);
                if (c == '/') {
                    i++;
                    endLiteral(literal);
                    segments.add(onlyStars && stars == 2 ? null : current);
                    current = new ArrayList<>();
                    onlyStars = true;
                    stars = 0;
                } else if (c == '*') {
                    int start = i;
                    while (i < text.length() && text.charAt(i) == '*') {
                        i++;
                    }
                    stars = i - start;
                    wildcards++;
                    endLiteral(literal);
                    current.add(Atom.STAR);
                } else {
                    onlyStars = false;
                    if (c == '?') {
                        i++;
                        endLiteral(literal);
                        current.add(new Atom(x -> true));
                    } else if (c == '[') {
                        endLiteral(literal);
                        current.add(new Atom(characterClass()));
                    } else {
                        int l = c == '\\' ? escaped() : next();
                        literal.appendCodePoint(l);
                        current.add(new Atom(x -> x == l));
                    }
                }
            }
            endLiteral(literal);
            segments.add(onlyStars && stars == 2 ? null : current);
            return segments;
        }

        private void endLiteral(StringBuilder literal) {
            if (literal.length() > longestLiteral.length()) {
                longestLiteral = literal.toString();
            }
            literal.setLength(0);
        }

        private int next() {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            return c;
        }

        /** The character after a backslash, taken as it is. */
        private int escaped() {
            i++;
            if (i >= text.length()) {
                throw new Invalid("ends with a lone '\\'");
            }
            return next();
        }

        /** {@code [abc]}, {@code [a-z]}, {@code [!...]} or {@code [^...]}, {@code [[:alpha:]]}. */
        private IntPredicate characterClass() {
            int open = i++;
            boolean negated = i < text.length() && (text.charAt(i) == '!' || text.charAt(i) == '^');
            if (negated) {
                i++;
            }
            IntPredicate members = x -> false;
            boolean first = true;
            while (true) {
                if (i >= text.length()) {
                    throw new Invalid("has a '[' without its closing ']' (write '\\[' for the character itself)");
                }
                char c = text.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (text.startsWith("[:", i)) {
                    int end = text.indexOf(":]", i + 2);
                    if (end > 0) {
                        String name = text.substring(i + 2, end);
                        members = members.or(posix(name));
                        i = end + 2;
                        continue;
                    }
                }
                int low = c == '\\' ? escaped() : next();
                int high = low;
                if (i + 1 < text.length() && text.charAt(i) == '-' && text.charAt(i + 1) != ']') {
                    i++;
                    high = text.charAt(i) == '\\' ? escaped() : next();
                    if (high < low) {
                        throw new Invalid("has the reversed range '" + Character.toString(low) + "-"
                                + Character.toString(high) + "'");
                    }
                }
                if (low <= '/' && '/' <= high) {
                    throw new Invalid("has '/' inside '" + text.substring(open, Math.min(text.length(), i + 1))
                            + "...': a character class matches one character of a name, never '/'");
                }
                int from = low;
                int to = high;
                members = members.or(x -> from <= x && x <= to);
            }
            IntPredicate in = members;
            return negated ? x -> !in.test(x) && x != '/' : in;
        }

        private static IntPredicate posix(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "alnum" -> Character::isLetterOrDigit;
                case "alpha" -> Character::isLetter;
                case "blank" -> x -> x == ' ' || x == '\t';
                case "cntrl" -> Character::isISOControl;
                case "digit" -> Character::isDigit;
                case "graph" -> x -> x > ' ' && !Character.isISOControl(x) && !Character.isWhitespace(x);
                case "lower" -> Character::isLowerCase;
                case "print" -> x -> !Character.isISOControl(x);
                case "punct" -> x -> x < 128 && x > ' ' && x != 127 && !Character.isLetterOrDigit(x);
                case "space" -> Character::isWhitespace;
                case "upper" -> Character::isUpperCase;
                case "xdigit" -> x -> Character.digit(x, 16) >= 0 && x < 128;
                default ->
                    throw new Invalid("has '[:" + name + ":]', which is not a character class (" + POSIX_CLASSES + ")");
            };
        }
    }
}
