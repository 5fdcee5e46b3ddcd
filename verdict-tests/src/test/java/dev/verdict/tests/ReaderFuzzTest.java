package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.Text;
import dev.verdict.core.Validation;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.ResultFormats;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.TooManyResults;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.ByteArrayInputStream;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every reader, on every broken document: it is read into results that keep every rule of a
 * stored text, or refused with a reason the server answers as a 4xx. Any other outcome (another
 * exception, a control character or an over-long field let through) fails. The cases per run are
 * {@code -Dfuzz.tries}.
 */
class ReaderFuzzTest {
    private static final Map<String, byte[]> SAMPLES = Mutations.samples();

    @Provide
    Arbitrary<Mutations.Case> documents() {
        return Mutations.cases(SAMPLES);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void aDocumentIsReadIntoValidResultsOrRefusedWithAReason(@ForAll("documents") Mutations.Case document) {
        UploadBuilder upload = new UploadBuilder();
        try {
            var in = new ByteArrayInputStream(document.data());
            if (document.format().equals("json")) {
                dev.verdict.core.ingest.JsonUploadReader.readBody(in, upload);
            } else {
                ResultFormats.reader(document.format()).orElseThrow().read(in, upload);
            }
            upload.runEnv("key", "k");
            ParsedUpload parsed = upload.build();
            parsed.results().forEach(ReaderFuzzTest::keepsTheRules);
            parsed.runEnv()
                    .values()
                    .values()
                    .forEach(v -> assertThat(Text.hasControl(v)).isFalse());
        } catch (BadRequest | Validation | TooManyResults refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    static void keepsTheRules(TestResult r) {
        for (String text : new String[] {r.scope(), r.name(), r.location(), r.fileName(), r.failureReason()}) {
            if (text != null) {
                assertThat(Text.hasControl(text))
                        .as("no control character in %s", text)
                        .isFalse();
            }
        }
        assertThat(r.name()).isNotBlank().hasSizeLessThanOrEqualTo(UploadBuilder.MAX_IDENTITY_CHARS);
        assertThat(r.scope()).hasSizeLessThanOrEqualTo(UploadBuilder.MAX_IDENTITY_CHARS);
        if (r.failureReason() != null) {
            assertThat(r.failureReason()).hasSizeLessThanOrEqualTo(UploadBuilder.MAX_FAILURE_REASON_CHARS);
        }
        if (r.duration() != null) {
            assertThat(r.duration()).isFinite().isGreaterThanOrEqualTo(0.0);
        }
        if (r.failureExpanded() != null) {
            assertThat(Json.MAPPER.readTree(r.failureExpanded()).isArray()).isTrue();
        }
        if (r.history() != null) {
            assertThat(Json.MAPPER.readTree(r.history()).isObject()).isTrue();
            assertThat(r.history()).hasSizeLessThanOrEqualTo(UploadBuilder.MAX_HISTORY_CHARS);
        }
    }
}
