package dev.verdict.server.api;

import dev.verdict.core.Timestamps;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunResult;

/** The run object of the Runs API, field for field. */
record RunView(
        String id,
        String branch,
        String commitSha,
        String state,
        String result,
        String url,
        String webUrl,
        String buildId,
        String createdAt) {

    static RunView of(Run run, RunResult result, String org, String suite, Urls urls) {
        return new RunView(
                run.id().toString(),
                run.branch(),
                run.commitSha(),
                run.status().state().wireName(),
                result.wireName(),
                urls.run(org, suite, run.id()),
                urls.runWeb(org, suite, run.id()),
                run.buildId() == null ? null : run.buildId().toString(),
                Timestamps.format(run.createdAt()));
    }
}
