package dev.verdict.server.web;

import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunLifecycle;
import java.time.Instant;

/** A run as lists show it, with its result as the API shows it now (a pending run grows stale). */
public record RunRow(
        String path,
        String branch,
        String commitSha,
        String message,
        String state,
        String result,
        Instant createdAt,
        String ciUrl,
        String number) {
    static RunRow of(Run run, RunLifecycle lifecycle, Instant now, String org, String suite) {
        return new RunRow(
                WebPaths.run(org, suite, run.id()),
                run.branch(),
                run.commitSha(),
                run.message(),
                run.status().state().wireName(),
                lifecycle.resultAt(run.status().result(), run.createdAt(), now).wireName(),
                run.createdAt(),
                safeLink(run.url()),
                run.number());
    }

    /**
     * What a page calls the run: its CI number, else its branch and short commit, which is how a
     * person finds a run that CI did not number.
     */
    public String title() {
        if (number != null && !number.isBlank()) {
            return "Run #" + number;
        }
        if (branch == null && commitSha == null) {
            return "Run of " + Format.time(createdAt);
        }
        return "Run on " + Format.orNone(branch) + (commitSha == null ? "" : " at " + Format.sha(commitSha));
    }

    /** A link from an upload is shown only if it is a web address, never a javascript: one. */
    static String safeLink(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
