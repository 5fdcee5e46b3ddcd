package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ingest.CucumberJsonReader;
import dev.verdict.core.ingest.JestJsonReader;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A runner's report cut short or of the wrong shape is refused with where, never taken as empty. */
class ReportReadersTest {
    static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"testResults\": [",
                "{\"testResults\": [{\"name\": \"a.test.js\", \"assertionResults\": [",
                "{\"testResults\": [{\"name\": \"a.test.js\"}",
                "{\"testResults\": [{\"name\": \"a.test.js\"}]",
                "{\"numTotalTests\": 1, \"testResults\"",
                "{\"testResults\": []",
            })
    void aTruncatedJestReportIsRefusedWithItsPosition(String report) {
        assertThatThrownBy(() -> JestJsonReader.read(bytes(report), new UploadBuilder()))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("line 1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"testResults\": [{\"name\": \"a.test.js\", \"assertionResults\": \"none\"}]}",
                "{\"testResults\": [{\"name\": \"a.test.js\", \"assertionResults\": [\"x\"]}]}",
            })
    void aJestReportOfTheWrongTypesIsRefusedNamingWhere(String report) {
        assertThatThrownBy(() -> JestJsonReader.read(bytes(report), new UploadBuilder()))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("testResults[0]", "assertionResults");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[{\"name\": \"F\", \"elements\": \"none\"}]",
                "[{\"name\": \"F\", \"elements\": [1]}]",
                "[{\"name\": \"F\", \"elements\": [{\"name\": \"s\", \"steps\": {\"a\": 1}}]}]",
                "[{\"name\": \"F\", \"elements\": [{\"name\": \"s\", \"steps\": [{\"result\": \"passed\"}]}]}]",
                "[{\"name\": \"F\", \"elements\": [{\"name\": \"s\", \"steps\": [{\"result\": {\"duration\": \"x\"}}]}]}]",
            })
    void aCucumberReportOfTheWrongTypesIsRefusedNamingWhere(String report) {
        assertThatThrownBy(() -> CucumberJsonReader.read(bytes(report), new UploadBuilder()))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("feature 0");
    }
}
