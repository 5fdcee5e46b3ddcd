package dev.verdict.core.workflows;

/**
 * A test's last results in a transition-count monitor's scope, oldest first, as {@code P} and
 * {@code F}. The score is the number of pass/fail changes divided by the window's size, so over a
 * window of 5 {@code PPFFF} and {@code PF} both score 0.2. A run of passes counts like one pass, so
 * a test whose window holds no failure keeps no window at all ({@link #allPassed}): a suite of
 * healthy tests stores nothing.
 */
public final class TransitionWindow {
    private final int size;
    private final StringBuilder results;

    private TransitionWindow(int size, String results) {
        this.size = size;
        this.results = new StringBuilder(results);
        trim();
    }

    /** A window kept before, as {@link #results()} gave it. */
    public static TransitionWindow of(int size, String results) {
        return new TransitionWindow(size, results);
    }

    /**
     * The window of a test that kept none: one pass stands for all its earlier passes, none for a
     * test with no earlier results in scope.
     */
    public static TransitionWindow start(int size, boolean seenBefore) {
        return new TransitionWindow(size, seenBefore ? "P" : "");
    }

    public void add(boolean passed) {
        results.append(passed ? 'P' : 'F');
        trim();
    }

    private void trim() {
        if (results.length() > size) {
            results.delete(0, results.length() - size);
        }
    }

    public double score() {
        int transitions = 0;
        for (int i = 1; i < results.length(); i++) {
            if (results.charAt(i) != results.charAt(i - 1)) {
                transitions++;
            }
        }
        return (double) transitions / size;
    }

    public boolean allPassed() {
        return results.indexOf("F") < 0;
    }

    public String results() {
        return results.toString();
    }
}
