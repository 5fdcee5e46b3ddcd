package dev.verdict.core.judgment;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A failure reason reduced to what one outage's failures share: the first line, lower case, with
 * what varies from test to test (numbers, ids, hashes, addresses, ports, durations) replaced by
 * {@code #}. "connect ECONNREFUSED 10.0.3.17:5432" and "connect ECONNREFUSED 10.0.9.2:6379" read
 * alike. Bounded: only the first {@link #MAX_CHARS} characters of the first line are read.
 */
public final class FailureReasons {
    static final int MAX_CHARS = 300;

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern IPV6 = Pattern.compile("\\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\\b");
    /** Hex runs of 6 or more with a digit in them (hashes, object ids, container names). */
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-f]*[0-9])[0-9a-f]{6,}\\b");

    private static final Pattern NUMBERS = Pattern.compile("\\d+(?:[.,:]\\d+)*");
    private static final Pattern HASHES = Pattern.compile("#(?:[^a-z\\s]*#)+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private FailureReasons() {}

    public static String normalize(String reason) {
        if (reason == null) {
            return "";
        }
        String line = reason.strip();
        int end = line.indexOf('\n');
        if (end >= 0) {
            line = line.substring(0, end);
        }
        if (line.length() > MAX_CHARS) {
            line = line.substring(0, MAX_CHARS);
        }
        String s = line.toLowerCase(Locale.ROOT);
        s = UUID.matcher(s).replaceAll("#");
        s = IPV6.matcher(s).replaceAll("#");
        s = HEX.matcher(s).replaceAll("#");
        s = NUMBERS.matcher(s).replaceAll("#");
        s = HASHES.matcher(s).replaceAll("#");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }
}
