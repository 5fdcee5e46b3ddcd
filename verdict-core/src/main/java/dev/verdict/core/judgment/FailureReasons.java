package dev.verdict.core.judgment;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A failure reason reduced to what one outage's failures share: the first line, lower case, with
 * the words that vary from failure to failure (numbers, ids, hashes, addresses, ports, durations)
 * replaced by {@code #}. "connect ECONNREFUSED 10.0.3.17:5432" and "connect ECONNREFUSED 10.0.9.2:6379" read
 * alike. Bounded: only the first {@link #MAX_CHARS} characters of the first line are read.
 */
public final class FailureReasons {
    static final int MAX_CHARS = 300;

    /** A word: the unit that is kept or replaced. */
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
    /** Placeholders joined only by punctuation (an address and port, a version): one placeholder. */
    private static final Pattern HASHES = Pattern.compile("#(?:[^a-z0-9#\\s]*#)+");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private FailureReasons() {}

    /**
     * Whether a word is one that differs from failure to failure: it has a digit in it (numbers,
     * ports, ids, {@code x2kqz}), or is six or more hex letters (a hash or container id that
     * happens to have no digit: {@code db-adcfab}).
     */
    static boolean varies(String word) {
        boolean hex = word.length() >= 6;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
            hex &= c >= 'a' && c <= 'f';
        }
        return hex;
    }

    /** A reason's first line, as sent, stripped and cut to {@link #MAX_CHARS}; {@code ""} for none. */
    public static String firstLine(String reason) {
        if (reason == null) {
            return "";
        }
        String line = reason.strip();
        int end = line.indexOf('\n');
        if (end >= 0) {
            line = line.substring(0, end);
        }
        return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
    }

    public static String normalize(String reason) {
        String s = WORD.matcher(firstLine(reason).toLowerCase(Locale.ROOT))
                .replaceAll(word -> varies(word.group()) ? "#" : word.group());
        s = HASHES.matcher(s).replaceAll("#");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }
}
