package dev.verdict.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    @Test
    void filesDirectoriesAndGlobsExpandOnceEachInOrder() throws IOException {
        Path a = write("build/a/TEST-One.xml", "<testsuite/>");
        Path b = write("build/b/TEST-Two.xml", "<testsuite/>");
        write("build/b/One.txt", "not a report");
        Path c = write("reports/jest.json", "{}");

        ReportFiles.Found found = ReportFiles.expand(
                List.of("build/**/TEST-*.xml", "reports", "build/a/TEST-One.xml", "missing/*.xml"), dir);

        assertThat(found.files()).containsExactly(a, b, c);
        assertThat(found.unmatched()).containsExactly("missing/*.xml");
    }

    @Test
    void aDirectoryStandsForItsResultFilesOnly() throws IOException {
        Path xml = write("surefire-reports/TEST-demo.xml", "<testsuite/>");
        write("surefire-reports/demo.txt", "summary");

        assertThat(ReportFiles.expand(List.of("surefire-reports"), dir).files()).containsExactly(xml);
    }

    @Test
    void formatsAreToldByContent() throws IOException {
        assertThat(format("\uFEFF  <?xml version=\"1.0\"?><testsuites/>")).contains("junit");
        assertThat(format("[{\"name\":\"a\",\"history\":{}}]")).contains("json");
        assertThat(format("{\"format\":\"json\",\"run_env\":{},\"data\":[]}")).contains("json");
        assertThat(format("[{\"uri\":\"features/a.feature\",\"elements\":[]}]")).contains("cucumber-json");
        assertThat(format("{\"numFailedTestSuites\":0,\"numTotalTests\":1,\"testResults\":[]}"))
                .contains("jest-json");
        assertThat(format("{\"config\":{\"projects\":[]},\"suites\":[]}")).contains("playwright-json");
        assertThat(format("{\"version\":\"3.13.0\",\"examples\":[]}")).contains("rspec-json");
        assertThat(format("{\"Time\":\"2026-01-01T00:00:00Z\",\"Action\":\"start\",\"Package\":\"p\"}\n"
                        + "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestA\"}\n"))
                .contains("go-jsonl");
        assertThat(format("{\"something\":\"else\"}")).isEmpty();
        assertThat(format("plain text")).isEmpty();
    }

    private java.util.Optional<String> format(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("report-" + content.hashCode()), content);
        return ReportFiles.detectFormat(file);
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
