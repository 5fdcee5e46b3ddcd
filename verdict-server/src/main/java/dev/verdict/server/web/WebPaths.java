package dev.verdict.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The UI's paths, in Buildkite's shapes ({@code /organizations/{org}/analytics/...}): the one place
 * they are spelled, for the pages' links and the API's {@code web_url}s alike.
 */
public final class WebPaths {
    private WebPaths() {}

    public static String org(String org) {
        return "/organizations/" + org + "/analytics";
    }

    public static String suite(String org, String suite) {
        return org(org) + "/suites/" + suite;
    }

    public static String runs(String org, String suite) {
        return suite(org, suite) + "/runs";
    }

    public static String run(String org, String suite, UUID run) {
        return runs(org, suite) + "/" + run;
    }

    public static String tests(String org, String suite) {
        return suite(org, suite) + "/tests";
    }

    public static String test(String org, String suite, UUID test) {
        return tests(org, suite) + "/" + test;
    }

    public static String execution(String org, String suite, UUID test, UUID execution) {
        return test(org, suite, test) + "?execution_id=" + execution;
    }

    public static String flaky(String org, String suite) {
        return suite(org, suite) + "/flaky-tests";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
