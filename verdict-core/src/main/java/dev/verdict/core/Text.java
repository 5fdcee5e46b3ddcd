package dev.verdict.core;

/**
 * What any stored text may hold. C0 control characters but tab and newline are removed: they mean
 * nothing in a test's name, a branch or a message, PostgreSQL refuses a NUL in text outright (one
 * such upload used to fail on every attempt), and a terminal or log that shows them can be fooled.
 */
public final class Text {
    private Text() {}

    /** The text without its control characters; the same instance when it has none (nearly always). */
    public static String clean(String text) {
        if (text == null || !hasControl(text)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** Whether {@link #clean} would change the text. */
    public static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' && c != '\n';
    }

    /**
     * At most {@code max} characters: longer text keeps its start and says how much was cut, so a
     * reader knows it is not the whole. Never splits a surrogate pair.
     */
    public static String bounded(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String marker = " [... " + (text.length() - max) + " characters cut]";
        int keep = Math.max(0, max - marker.length());
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + marker;
    }
}
