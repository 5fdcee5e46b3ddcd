package dev.verdict.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.verdict.core.suites.Suite;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The suite object of the Suites API, field for field. */
record SuiteView(
        String id,
        String graphqlId,
        String organizationId,
        String slug,
        String name,
        String url,
        String webUrl,
        String defaultBranch,
        String applicationName,
        String color,
        String emoji,
        @JsonRawValue String oidcPolicy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String apiToken) {

    static SuiteView of(Suite suite, String org, Urls urls, String apiToken) {
        var f = suite.fields();
        return new SuiteView(
                suite.id().toString(),
                graphqlId(suite),
                suite.organizationId().toString(),
                suite.slug(),
                f.name(),
                urls.suite(org, suite.slug()),
                urls.suiteWeb(org, suite.slug()),
                f.defaultBranch(),
                f.applicationName(),
                f.color(),
                f.emoji(),
                f.oidcPolicy(),
                apiToken);
    }

    /** Buildkite's GraphQL node id: base64 of {@code Suite---<uuid>}. */
    private static String graphqlId(Suite suite) {
        return Base64.getEncoder().encodeToString(("Suite---" + suite.id()).getBytes(StandardCharsets.UTF_8));
    }
}
