package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ingest.JsonUploadReader;
import dev.verdict.core.ingest.JunitReader;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.TagRules;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadBuilderTest {
    static ParsedUpload json(String body) {
        UploadBuilder builder = new UploadBuilder();
        JsonUploadReader.readBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), builder);
        return builder.build();
    }

    @Test
    void fieldsMayComeInAnyOrder() {
        ParsedUpload upload =
                json("{\"data\":[{\"name\":\"a\"}],\"tags\":{\"team\":\"web\"},\"run_env\":{\"key\":\"k\"},"
                        + "\"format\":\"json\"}");

        assertThat(upload.runEnv().key()).contains("k");
        assertThat(upload.results()).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(Result.UNKNOWN);
            assertThat(r.scope()).isEmpty();
            assertThat(r.tags()).containsEntry("team", "web");
        });
    }

    @Test
    void executionTagsWinOverUploadTags() {
        ParsedUpload upload = json("{\"run_env\":{\"key\":\"k\"},\"tags\":{\"team\":\"web\",\"os\":\"linux\"},"
                + "\"data\":[{\"name\":\"a\",\"tags\":{\"team\":\"api\"}}]}");

        assertThat(upload.results().get(0).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "api", "os", "linux"));
    }

    @Test
    void durationsComeFromHistoryInSeconds() {
        ParsedUpload upload = json("{\"run_env\":{\"key\":\"k\"},\"data\":["
                + "{\"name\":\"given\",\"history\":{\"duration\":1.5}},"
                + "{\"name\":\"seconds\",\"history\":{\"start_at\":10.0,\"end_at\":12.5}},"
                + "{\"name\":\"millis\",\"history\":{\"start_at\":1795854882481,\"end_at\":1795854882981}},"
                + "{\"name\":\"none\",\"history\":{\"start_at\":1795854882481}}]}");

        assertThat(upload.results()).extracting(TestResult::duration).containsExactly(1.5, 2.5, 0.5, null);
    }

    @Test
    void theLocationPrefixIsPutInFrontOfPaths() {
        ParsedUpload upload = json("{\"run_env\":{\"key\":\"k\",\"location_prefix\":\"packages/web\"},"
                + "\"data\":[{\"name\":\"a\",\"location\":\"./src/a.test.js:3\",\"file_name\":\"src/a.test.js\"}]}");

        assertThat(upload.results().get(0).location()).isEqualTo("packages/web/src/a.test.js:3");
        assertThat(upload.results().get(0).fileName()).isEqualTo("packages/web/src/a.test.js");
    }

    @Test
    void aMissingKeyIsAValidationProblem() {
        assertThatThrownBy(() -> json("{\"run_env\":{},\"data\":[]}"))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("run_env[key]");
    }

    @Test
    void tagRulesSayWhatIsWrong() {
        assertThat(TagRules.problem(Map.of("ok.key", "v"))).isEmpty();
        assertThat(TagRules.problem(Map.of("service", "a", "service.id", "b")))
                .get()
                .asString()
                .contains("prefix");
        assertThat(TagRules.problem(Map.of("k", " "))).get().asString().contains("blank");
        assertThat(TagRules.problem(Map.of("k", "v".repeat(128))))
                .get()
                .asString()
                .contains("128");
        assertThat(TagRules.problem(Map.of("x".repeat(64), "v")))
                .get()
                .asString()
                .contains("64");
        assertThat(TagRules.problem(Map.of("mut", "v"))).get().asString().contains("reserved");
    }

    @Test
    void junitMapsTestcasesWhereverTheyAreNested() {
        String xml = """
                <testsuites><testsuite name="outer"><testsuite name="inner">
                  <testcase classname="a.B" name="passes" time="1,234.5" file="src/B.java" line="7"/>
                  <testcase classname="a.B" name="fails" time="0.1"><failure message="boom">trace line 1
                trace line 2</failure></testcase>
                  <testcase classname="a.B" name="errors"><error>no message here
                more</error></testcase>
                  <testcase classname="a.B" name="skips"><skipped/></testcase>
                  <testcase classname="a.B" name="flaky" time="0.2"><flakyFailure message="once" type="E" time="0.3">
                    <stackTrace>E: once
                	at a.B.flaky(B.java:9)</stackTrace><system-out>noise</system-out></flakyFailure></testcase>
                  <testcase classname="a.B" name="broken"><failure message="first">t1</failure>
                    <rerunFailure message="second"><stackTrace>t2</stackTrace></rerunFailure>
                    <rerunError message="third">old style trace</rerunError></testcase>
                </testsuite></testsuite></testsuites>""";
        UploadBuilder builder = new UploadBuilder();
        builder.runEnv("key", "k");

        JunitReader.read(new StringReader(xml), builder);
        ParsedUpload upload = builder.build();

        assertThat(upload.results())
                .extracting(TestResult::name, TestResult::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("passes", Result.PASSED),
                        org.assertj.core.groups.Tuple.tuple("fails", Result.FAILED),
                        org.assertj.core.groups.Tuple.tuple("errors", Result.FAILED),
                        org.assertj.core.groups.Tuple.tuple("skips", Result.SKIPPED),
                        // Surefire's reruns: each attempt an execution of its own, then the final result.
                        org.assertj.core.groups.Tuple.tuple("flaky", Result.FAILED),
                        org.assertj.core.groups.Tuple.tuple("flaky", Result.PASSED),
                        org.assertj.core.groups.Tuple.tuple("broken", Result.FAILED),
                        org.assertj.core.groups.Tuple.tuple("broken", Result.FAILED),
                        org.assertj.core.groups.Tuple.tuple("broken", Result.FAILED));
        TestResult passes = upload.results().get(0);
        assertThat(passes.scope()).isEqualTo("a.B");
        assertThat(passes.location()).isEqualTo("src/B.java:7");
        assertThat(passes.duration()).isEqualTo(1234.5);
        assertThat(upload.results().get(1).failureReason()).isEqualTo("boom");
        assertThat(upload.results().get(1).failureExpanded()).contains("trace line 2");
        assertThat(upload.results().get(2).failureReason()).isEqualTo("no message here");
        TestResult attempt = upload.results().get(4);
        assertThat(attempt.failureReason()).isEqualTo("once");
        assertThat(attempt.duration()).isEqualTo(0.3);
        assertThat(attempt.failureExpanded()).contains("at a.B.flaky(B.java:9)").doesNotContain("noise");
        assertThat(upload.results().get(5).duration()).isEqualTo(0.2);
        assertThat(upload.results().subList(6, 9))
                .extracting(TestResult::failureReason)
                .containsExactly("second", "third", "first");
        assertThat(upload.results().get(7).failureExpanded()).contains("old style trace");
    }

    @Test
    void junitOutputIsKeptPerTestcaseAndCutInTheMiddle() {
        String xml = """
                <testsuite name="s"><system-out>suite noise</system-out>
                  <testcase classname="a.B" name="talks"><system-out>0123456789abcdefghij-TAIL</system-out>
                    <system-err>warned</system-err><failure message="m"/></testcase>
                  <testcase classname="a.B" name="quiet"/>
                </testsuite>""";
        UploadBuilder builder = new UploadBuilder().maxOutputChars(10);
        builder.runEnv("key", "k");

        JunitReader.read(new StringReader(xml), builder);
        List<TestResult> results = builder.build().results();

        assertThat(results.get(0).output())
                .isEqualTo("{\"stdout\":\"01234\\n… 15 characters cut …\\n-TAIL\",\"stderr\":\"warned\"}");
        assertThat(results.get(1).output()).isNull();
    }

    @Test
    void playwrightRetriesAreExecutionsOfTheirOwn() {
        String report = """
                {"config": {}, "suites": [{"title": "login.spec.ts", "file": "login.spec.ts", "specs": [],
                  "suites": [{"title": "login", "file": "login.spec.ts", "suites": [], "specs": [
                    {"title": "signs in", "file": "login.spec.ts", "line": 7, "column": 3, "tests": [
                      {"projectName": "chromium", "status": "flaky", "results": [
                        {"status": "timedOut", "duration": 30000, "retry": 0,
                         "error": {"message": "\\u001b[31mTimeout 30000ms exceeded.\\u001b[39m", "stack": "Error: Timeout\\n    at login.spec.ts:9"}},
                        {"status": "passed", "duration": 1200, "retry": 1}]}]}]}]}],
                 "errors": []}
                """;
        UploadBuilder builder = new UploadBuilder();
        builder.runEnv("key", "k");

        dev.verdict.core.ingest.PlaywrightJsonReader.read(
                new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)), builder);
        List<TestResult> results = builder.build().results();

        assertThat(results).extracting(TestResult::result).containsExactly(Result.FAILED, Result.PASSED);
        TestResult timedOut = results.getFirst();
        assertThat(timedOut.scope()).isEqualTo("chromium login");
        assertThat(timedOut.name()).isEqualTo("signs in");
        assertThat(timedOut.location()).isEqualTo("login.spec.ts:7:3");
        assertThat(timedOut.failureReason()).isEqualTo("Timeout 30000ms exceeded.");
        assertThat(timedOut.failureExpanded()).contains("at login.spec.ts:9");
        assertThat(timedOut.duration()).isEqualTo(30.0);
        assertThat(results.get(1).failureExpanded()).isNull();
    }

    @Test
    void historyIsKeptAsTheJsonItWasEveryTime() {
        ParsedUpload upload = json("{\"run_env\":{\"key\":\"k\"},\"data\":["
                + "{\"name\":\"a\",\"history\":{\"duration\":1.5,\"children\":[{\"section\":\"sql\"}]}},"
                + "{\"name\":\"b\",\"history\":{\"duration\":2}},"
                + "{\"name\":\"c\",\"history\":{\"section\":\"top\"}}]}");

        assertThat(upload.results())
                .extracting(TestResult::history)
                .containsExactly(
                        "{\"duration\":1.5,\"children\":[{\"section\":\"sql\"}]}",
                        "{\"duration\":2}",
                        "{\"section\":\"top\"}");
    }
}
