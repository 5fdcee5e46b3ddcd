package dev.verdict.core.ingest;

/** An upload over the limit of results per upload: HTTP 413, and nothing of it is stored. */
public final class TooManyResults extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TooManyResults(int limit) {
        super("an upload may hold at most " + limit + " test results and this one holds more; split it into several"
                + " uploads with the same run_env[key], and they will land in the same run");
    }
}
