package dev.verdict.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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

    /** The suite's tests that a team owns: where an owner shown beside a test leads. */
    public static String teamTests(String org, String suite, String team) {
        return tests(org, suite) + "?owners="
                + java.net.URLEncoder.encode(team, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String workflows(String org, String suite) {
        return suite(org, suite) + "/workflows";
    }

    /** A workflow's page: its events, as Buildkite's {@code web_url} points at. */
    public static String workflow(String org, String suite, UUID workflow) {
        return workflows(org, suite) + "/" + workflow;
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

    /**
     * The path to go to after signing in, if {@code next} is one on this server. Browsers drop tabs
     * and newlines from a URL and read a backslash as a slash, so {@code /\tevil.example} or
     * {@code /\\evil.example} would leave the site as surely as {@code //evil.example}: anything
     * but a plain absolute path (no control characters, whitespace or backslashes, no scheme, no
     * authority) is refused.
     */
    static Optional<String> localPath(String next) {
        if (next == null
                || next.length() > 2048
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.chars()
                        .anyMatch(c -> c == '\\'
                                || Character.isISOControl(c)
                                || Character.isWhitespace(c)
                                || Character.isSpaceChar(c))) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? Optional.of(next) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
