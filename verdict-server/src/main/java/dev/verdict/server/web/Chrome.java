package dev.verdict.server.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the frame around every page needs. Fields are null where they do not apply (no suite on
 * the suites list, nobody signed in on the sign-in page).
 *
 * @param section the suite tab to mark: summary, runs, tests, flaky, plans, workflows or uploads
 * @param csrf the token every form of the page carries
 * @param now the time the page is made at, which relative times count from
 */
public record Chrome(
        String title,
        String org,
        String suiteSlug,
        String suiteName,
        String section,
        String csrf,
        String signedInAs,
        Instant now) {
    /** The frame of a page with no one known to be signed in: sign-in and error pages. */
    public static Chrome titled(String title) {
        return new Chrome(title, null, null, null, null, null, null, Instant.now());
    }

    /** The suite's runs of a commit, where a commit links to. */
    public String commitPath(String sha) {
        return WebPaths.runs(org, suiteSlug) + "?commit=" + java.net.URLEncoder.encode(sha, StandardCharsets.UTF_8);
    }

    public String orgPath() {
        return WebPaths.org(org);
    }

    public String suitePath() {
        return WebPaths.suite(org, suiteSlug);
    }
}
