package dev.verdict.upload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code run_env} an upload sends, worked out from the CI's environment variables the way the
 * official collectors do, so that {@code verdict upload} and a collector in the same build land in
 * the same run. {@code BUILDKITE_ANALYTICS_*} variables override what was detected.
 */
public final class RunEnvironment {
    /** A CI: the variable that gives it away, and how its variables map to run_env fields. */
    private record Ci(String name, String marker, Function<Vars, Map<String, String>> fields) {}

    /** The environment, with blank variables taken as unset. */
    private record Vars(Map<String, String> env) {
        String get(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        /** Several variables joined with '-', or null when any is missing. */
        String joined(String... names) {
            StringBuilder joined = new StringBuilder();
            for (String name : names) {
                String value = get(name);
                if (value == null) {
                    return null;
                }
                joined.append(joined.isEmpty() ? "" : "-").append(value);
            }
            return joined.toString();
        }
    }

    /** In order of precedence: a Buildkite job run by a GitHub-hosted agent is a Buildkite build. */
    private static final List<Ci> CIS = List.of(
            new Ci(
                    "buildkite",
                    "BUILDKITE_BUILD_ID",
                    v -> fields(
                            v.get("BUILDKITE_BUILD_ID"),
                            v.get("BUILDKITE_BUILD_URL"),
                            v.get("BUILDKITE_BRANCH"),
                            v.get("BUILDKITE_COMMIT"),
                            v.get("BUILDKITE_BUILD_NUMBER"),
                            v.get("BUILDKITE_JOB_ID"),
                            v.get("BUILDKITE_MESSAGE"))),
            new Ci(
                    "github_actions",
                    "GITHUB_RUN_NUMBER",
                    v -> fields(
                            v.joined("GITHUB_ACTION", "GITHUB_RUN_NUMBER", "GITHUB_RUN_ATTEMPT"),
                            githubRunUrl(v),
                            v.get("GITHUB_REF_NAME"),
                            v.get("GITHUB_SHA"),
                            v.get("GITHUB_RUN_NUMBER"),
                            null,
                            null)),
            new Ci(
                    "circleci",
                    "CIRCLE_BUILD_NUM",
                    v -> fields(
                            v.joined("CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_NUM"),
                            v.get("CIRCLE_BUILD_URL"),
                            v.get("CIRCLE_BRANCH"),
                            v.get("CIRCLE_SHA1"),
                            v.get("CIRCLE_BUILD_NUM"),
                            null,
                            null)),
            // A pipeline's parallel jobs share its id, so they land in one run, as a Buildkite build's do.
            new Ci(
                    "gitlab_ci",
                    "GITLAB_CI",
                    v -> fields(
                            v.get("CI_PIPELINE_ID"),
                            v.get("CI_PIPELINE_URL"),
                            v.get("CI_COMMIT_REF_NAME"),
                            v.get("CI_COMMIT_SHA"),
                            v.get("CI_PIPELINE_IID"),
                            v.get("CI_JOB_ID"),
                            v.get("CI_COMMIT_MESSAGE"))),
            new Ci(
                    "jenkins",
                    "JENKINS_URL",
                    v -> fields(
                            v.get("BUILD_TAG"),
                            v.get("BUILD_URL"),
                            jenkinsBranch(v),
                            v.get("GIT_COMMIT"),
                            v.get("BUILD_NUMBER"),
                            null,
                            null)));

    /** run_env field → the variable that overrides it, as the JS, Ruby and Swift collectors read them. */
    private static final Map<String, String> OVERRIDES = overrides();

    private RunEnvironment() {}

    private static Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("key", "BUILDKITE_ANALYTICS_KEY");
        overrides.put("url", "BUILDKITE_ANALYTICS_URL");
        overrides.put("branch", "BUILDKITE_ANALYTICS_BRANCH");
        overrides.put("commit_sha", "BUILDKITE_ANALYTICS_SHA");
        overrides.put("number", "BUILDKITE_ANALYTICS_NUMBER");
        overrides.put("job_id", "BUILDKITE_ANALYTICS_JOB_ID");
        overrides.put("message", "BUILDKITE_ANALYTICS_MESSAGE");
        overrides.put("location_prefix", "BUILDKITE_ANALYTICS_LOCATION_PREFIX");
        overrides.put("execution_name_prefix", "BUILDKITE_ANALYTICS_EXECUTION_NAME_PREFIX");
        overrides.put("execution_name_suffix", "BUILDKITE_ANALYTICS_EXECUTION_NAME_SUFFIX");
        return Map.copyOf(overrides);
    }

    /**
     * The run_env for this environment: the detected CI's fields, then the overrides. Outside a
     * known CI, {@code CI} is {@code generic} and the key is a new random one, as the collectors do,
     * unless {@code BUILDKITE_ANALYTICS_KEY} gives one.
     */
    public static Map<String, String> detect(Map<String, String> env) {
        Vars vars = new Vars(env);
        Map<String, String> runEnv = new LinkedHashMap<>();
        Ci ci = CIS.stream()
                .filter(c -> vars.get(c.marker()) != null)
                .findFirst()
                .orElse(null);
        runEnv.put("CI", ci == null ? "generic" : ci.name());
        if (ci != null) {
            runEnv.putAll(ci.fields().apply(vars));
        }
        OVERRIDES.forEach((field, variable) -> {
            String value = vars.get(variable);
            if (value != null) {
                runEnv.put(field, value);
            }
        });
        runEnv.putIfAbsent("key", UUID.randomUUID().toString());
        return runEnv;
    }

    /** The fields every CI mapping gives, leaving out the ones it has no value for. */
    private static Map<String, String> fields(
            String key, String url, String branch, String commitSha, String number, String jobId, String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "key", key);
        put(fields, "url", url);
        put(fields, "branch", branch);
        put(fields, "commit_sha", commitSha);
        put(fields, "number", number);
        put(fields, "job_id", jobId);
        put(fields, "message", message);
        return fields;
    }

    private static void put(Map<String, String> fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }

    /** GitHub Enterprise Server runs are on its own host, which GITHUB_SERVER_URL names. */
    private static String githubRunUrl(Vars v) {
        String repository = v.get("GITHUB_REPOSITORY");
        String runId = v.get("GITHUB_RUN_ID");
        if (repository == null || runId == null) {
            return null;
        }
        String server = v.get("GITHUB_SERVER_URL");
        return (server == null ? "https://github.com" : server) + "/" + repository + "/actions/runs/" + runId;
    }

    /** Multibranch pipelines set BRANCH_NAME; the Git plugin sets GIT_BRANCH as {@code origin/main}. */
    private static String jenkinsBranch(Vars v) {
        String branch = v.get("BRANCH_NAME");
        if (branch != null) {
            return branch;
        }
        String git = v.get("GIT_BRANCH");
        return git != null && git.startsWith("origin/") ? git.substring("origin/".length()) : git;
    }
}
