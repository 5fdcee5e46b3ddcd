package dev.verdict.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEnvironmentTest {
    @Test
    void buildkite() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "BUILDKITE_BUILD_ID", "b-1",
                "BUILDKITE_BUILD_URL", "https://buildkite.com/acme/app/builds/7",
                "BUILDKITE_BRANCH", "main",
                "BUILDKITE_COMMIT", "abc123",
                "BUILDKITE_BUILD_NUMBER", "7",
                "BUILDKITE_JOB_ID", "j-1",
                "BUILDKITE_MESSAGE", "Fix it"));

        assertThat(runEnv)
                .containsExactlyEntriesOf(ordered(
                        "CI", "buildkite",
                        "key", "b-1",
                        "url", "https://buildkite.com/acme/app/builds/7",
                        "branch", "main",
                        "commit_sha", "abc123",
                        "number", "7",
                        "job_id", "j-1",
                        "message", "Fix it"));
    }

    @Test
    void githubActionsKeyIsActionRunNumberAndAttempt() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "GITHUB_ACTION", "__run",
                "GITHUB_RUN_NUMBER", "42",
                "GITHUB_RUN_ATTEMPT", "2",
                "GITHUB_RUN_ID", "9001",
                "GITHUB_REPOSITORY", "acme/app",
                "GITHUB_REF_NAME", "feature",
                "GITHUB_SHA", "def456"));

        assertThat(runEnv)
                .containsEntry("CI", "github_actions")
                .containsEntry("key", "__run-42-2")
                .containsEntry("url", "https://github.com/acme/app/actions/runs/9001")
                .containsEntry("branch", "feature")
                .containsEntry("commit_sha", "def456")
                .containsEntry("number", "42")
                .doesNotContainKey("job_id");
    }

    @Test
    void githubEnterpriseRunsLinkToTheirOwnServer() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "GITHUB_RUN_NUMBER", "1",
                "GITHUB_RUN_ID", "5",
                "GITHUB_REPOSITORY", "acme/app",
                "GITHUB_SERVER_URL", "https://git.acme.example"));

        assertThat(runEnv.get("url")).isEqualTo("https://git.acme.example/acme/app/actions/runs/5");
    }

    @Test
    void circleci() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "CIRCLE_WORKFLOW_ID", "wf",
                "CIRCLE_BUILD_NUM", "88",
                "CIRCLE_BUILD_URL", "https://circleci.com/gh/acme/app/88",
                "CIRCLE_BRANCH", "main",
                "CIRCLE_SHA1", "aaa"));

        assertThat(runEnv)
                .containsExactlyEntriesOf(ordered(
                        "CI", "circleci",
                        "key", "wf-88",
                        "url", "https://circleci.com/gh/acme/app/88",
                        "branch", "main",
                        "commit_sha", "aaa",
                        "number", "88"));
    }

    @Test
    void gitlabJobsOfOnePipelineShareItsRun() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "GITLAB_CI", "true",
                "CI_PIPELINE_ID", "1234",
                "CI_PIPELINE_IID", "56",
                "CI_PIPELINE_URL", "https://gitlab.com/acme/app/-/pipelines/1234",
                "CI_JOB_ID", "777",
                "CI_COMMIT_REF_NAME", "main",
                "CI_COMMIT_SHA", "bbb",
                "CI_COMMIT_MESSAGE", "Ship it"));

        assertThat(runEnv)
                .containsExactlyEntriesOf(ordered(
                        "CI", "gitlab_ci",
                        "key", "1234",
                        "url", "https://gitlab.com/acme/app/-/pipelines/1234",
                        "branch", "main",
                        "commit_sha", "bbb",
                        "number", "56",
                        "job_id", "777",
                        "message", "Ship it"));
    }

    @Test
    void jenkinsTakesTheBranchWithoutItsRemote() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "JENKINS_URL", "https://ci.acme.example/",
                "BUILD_TAG", "jenkins-app-12",
                "BUILD_URL", "https://ci.acme.example/job/app/12/",
                "BUILD_NUMBER", "12",
                "GIT_BRANCH", "origin/release",
                "GIT_COMMIT", "ccc"));

        assertThat(runEnv)
                .containsEntry("CI", "jenkins")
                .containsEntry("key", "jenkins-app-12")
                .containsEntry("url", "https://ci.acme.example/job/app/12/")
                .containsEntry("branch", "release")
                .containsEntry("commit_sha", "ccc")
                .containsEntry("number", "12");
    }

    @Test
    void elsewhereTheRunIsGenericWithANewKeyEachTime() {
        Map<String, String> first = RunEnvironment.detect(Map.of("CI", "true"));
        Map<String, String> second = RunEnvironment.detect(Map.of());

        assertThat(first).containsOnlyKeys("CI", "key").containsEntry("CI", "generic");
        assertThat(first.get("key")).matches("[0-9a-f-]{36}").isNotEqualTo(second.get("key"));
    }

    @Test
    void analyticsVariablesOverrideWhatWasDetected() {
        Map<String, String> runEnv = RunEnvironment.detect(Map.of(
                "BUILDKITE_BUILD_ID", "b-1",
                "BUILDKITE_BRANCH", "main",
                "BUILDKITE_ANALYTICS_KEY", "mine",
                "BUILDKITE_ANALYTICS_BRANCH", "other",
                "BUILDKITE_ANALYTICS_SHA", "fff",
                "BUILDKITE_ANALYTICS_LOCATION_PREFIX", "packages/web",
                "BUILDKITE_ANALYTICS_MESSAGE", " "));

        assertThat(runEnv)
                .containsEntry("key", "mine")
                .containsEntry("branch", "other")
                .containsEntry("commit_sha", "fff")
                .containsEntry("location_prefix", "packages/web")
                .doesNotContainKey("message");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
