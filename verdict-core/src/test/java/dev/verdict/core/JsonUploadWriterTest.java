package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.ingest.JsonUploadReader;
import dev.verdict.core.ingest.JsonUploadWriter;
import dev.verdict.core.ingest.JunitReader;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A file split into JSON uploads must lose nothing a reader found in it. */
class JsonUploadWriterTest {
    @Test
    void whatIsWrittenReadsBackAsTheSameResults() {
        String xml = """
                <testsuite name="Calc" file="src/calc.py">
                  <testcase classname="Calc" name="adds" time="1,234.5" line="7">
                    <system-out>printed</system-out><system-err>warned</system-err>
                  </testcase>
                  <testcase classname="Calc" name="divides"><failure message="by zero">Traceback</failure></testcase>
                  <testcase classname="Calc" name="later"><skipped/></testcase>
                </testsuite>
                """;
        UploadBuilder read = new UploadBuilder();
        JunitReader.read(new StringReader(xml), read);
        List<TestResult> original = read.results();
        var json = new ByteArrayOutputStream();

        JsonUploadWriter.write(json, Map.of("key", "k1", "branch", "main"), Map.of("os", "linux"), original);
        UploadBuilder again = new UploadBuilder();
        JsonUploadReader.readBody(new ByteArrayInputStream(json.toByteArray()), again);
        ParsedUpload upload = again.build();

        assertThat(upload.runEnv().key()).contains("k1");
        assertThat(upload.results()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            TestResult before = original.get(i);
            TestResult after = upload.results().get(i);
            assertThat(after)
                    .usingRecursiveComparison()
                    .ignoringFields("history", "tags")
                    .isEqualTo(before);
            assertThat(after.tags()).containsEntry("os", "linux");
        }
        assertThat(upload.results().get(0).duration()).isEqualTo(1234.5);
        assertThat(upload.results().get(0).output()).contains("printed").contains("warned");
    }

    @Test
    void aBigFileIsHandedOverInFullBatchesAndTheRestStays() {
        List<List<TestResult>> batches = new ArrayList<>();
        UploadBuilder builder = UploadBuilder.inBatches(batches::add);
        StringBuilder xml = new StringBuilder("<testsuite>");
        int total = 2 * UploadBuilder.MAX_RESULTS + 7;
        for (int i = 0; i < total; i++) {
            xml.append("<testcase classname=\"C\" name=\"t").append(i).append("\"/>");
        }
        JunitReader.read(new StringReader(xml.append("</testsuite>").toString()), builder);

        assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(UploadBuilder.MAX_RESULTS));
        assertThat(builder.results()).hasSize(7);
        assertThat(builder.results().get(6).name()).isEqualTo("t" + (total - 1));
    }

    @Test
    void exactlyOneUploadsWorthIsNotHandedOver() {
        List<List<TestResult>> batches = new ArrayList<>();
        UploadBuilder builder = UploadBuilder.inBatches(batches::add);
        StringBuilder xml = new StringBuilder("<testsuite>");
        for (int i = 0; i < UploadBuilder.MAX_RESULTS; i++) {
            xml.append("<testcase name=\"t").append(i).append("\"/>");
        }
        JunitReader.read(new StringReader(xml.append("</testsuite>").toString()), builder);

        assertThat(batches).isEmpty();
        assertThat(builder.results()).hasSize(UploadBuilder.MAX_RESULTS);
    }
}
