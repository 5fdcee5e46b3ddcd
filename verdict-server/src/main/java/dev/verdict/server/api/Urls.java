package dev.verdict.server.api;

import dev.verdict.server.web.WebPaths;
import java.util.UUID;

/**
 * The {@code url} (API) and {@code web_url} (UI) of resources, in Buildkite's path shapes, on the
 * server's public URL, so a client that rewrites Buildkite's hosts finds the same paths here.
 */
public record Urls(String publicUrl) {
    public String suite(String org, String suite) {
        return publicUrl + "/v2/analytics/organizations/" + org + "/suites/" + suite;
    }

    public String suiteWeb(String org, String suite) {
        return publicUrl + WebPaths.suite(org, suite);
    }

    public String run(String org, String suite, UUID run) {
        return suite(org, suite) + "/runs/" + run;
    }

    public String runWeb(String org, String suite, UUID run) {
        return publicUrl + WebPaths.run(org, suite, run);
    }

    public String test(String org, String suite, UUID test) {
        return suite(org, suite) + "/tests/" + test;
    }

    public String testWeb(String org, String suite, UUID test) {
        return publicUrl + WebPaths.test(org, suite, test);
    }

    public String executionWeb(String org, String suite, UUID test, UUID execution) {
        return publicUrl + WebPaths.execution(org, suite, test, execution);
    }

    public String workflow(String org, String suite, UUID workflow) {
        return suite(org, suite) + "/workflows/" + workflow;
    }

    public String workflowWeb(String org, String suite, UUID workflow) {
        return publicUrl + WebPaths.workflow(org, suite, workflow);
    }

    public String upload(UUID upload) {
        return publicUrl + "/v1/uploads/" + upload;
    }
}
