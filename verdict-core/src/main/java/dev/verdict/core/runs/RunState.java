package dev.verdict.core.runs;

import java.util.Locale;

/** Whether every upload a run received has been processed. */
public enum RunState {
    RUNNING,
    FINISHED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
