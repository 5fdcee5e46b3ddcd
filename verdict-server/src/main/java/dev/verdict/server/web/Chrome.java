package dev.verdict.server.web;

/**
 * What the frame around every page needs. Fields are null where they do not apply (no suite on
 * the suites list, nobody signed in on the sign-in page).
 *
 * @param section the suite tab to mark: summary, runs, tests, flaky or plans
 * @param csrf the token every form of the page carries
 */
public record Chrome(
        String title, String org, String suiteSlug, String suiteName, String section, String csrf, String signedInAs) {
    /** The frame of a page with no one known to be signed in: sign-in and error pages. */
    public static Chrome titled(String title) {
        return new Chrome(title, null, null, null, null, null, null);
    }

    public String orgPath() {
        return WebPaths.org(org);
    }

    public String suitePath() {
        return WebPaths.suite(org, suiteSlug);
    }
}
