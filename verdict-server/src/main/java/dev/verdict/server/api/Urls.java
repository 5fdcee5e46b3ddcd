package dev.verdict.server.api;

/**
 * The {@code url} (API) and {@code web_url} (UI) of resources, in Buildkite's path shapes, on the
 * server's public URL, so a client that rewrites Buildkite's hosts finds the same paths here.
 */
public record Urls(String publicUrl) {
    public String suite(String org, String suite) {
        return publicUrl + "/v2/analytics/organizations/" + org + "/suites/" + suite;
    }

    public String suiteWeb(String org, String suite) {
        return publicUrl + "/organizations/" + org + "/analytics/suites/" + suite;
    }
}
