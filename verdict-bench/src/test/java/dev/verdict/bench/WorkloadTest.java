package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.ingest.JsonUploadReader;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    static ParsedUpload read(String body) {
        UploadBuilder builder = new UploadBuilder();
        JsonUploadReader.readBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), builder);
        return builder.build();
    }

    @Test
    void anUploadIsValidWith5000ResultsAboutOneInTenFailing() {
        ParsedUpload upload = read(Workload.body(3, "run-key"));

        assertThat(upload.skipped()).isZero();
        assertThat(upload.results()).hasSize(Workload.RESULTS_PER_UPLOAD);
        long failed = upload.results().stream()
                .filter(r -> r.result() == Result.FAILED)
                .count();
        assertThat(failed).isBetween(400L, 650L);
        assertThat(upload.results().get(0).history()).contains("children");
        assertThat(upload.runEnv().key()).contains("run-key");
    }

    @Test
    void theFlakyTwoPercentChangeResultsFromUploadToUploadAndTheRestDoNot() {
        long flakyThatChanged = IntStream.range(0, Workload.RESULTS_PER_UPLOAD)
                .filter(t -> t % 50 == 0)
                .filter(t -> IntStream.range(0, 20)
                                .mapToObj(u -> Workload.fails(u, t))
                                .distinct()
                                .count()
                        == 2)
                .count();
        long stableThatChanged = IntStream.range(0, Workload.RESULTS_PER_UPLOAD)
                .filter(t -> t % 50 != 0)
                .filter(t -> IntStream.range(0, 20)
                                .mapToObj(u -> Workload.fails(u, t))
                                .distinct()
                                .count()
                        == 2)
                .count();

        assertThat(flakyThatChanged).isGreaterThan(90);
        assertThat(stableThatChanged).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        double[] values = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

        assertThat(Stats.percentile(values, 50)).isEqualTo(50);
        assertThat(Stats.percentile(values, 99)).isEqualTo(99);
        assertThat(Stats.percentile(new double[] {7}, 99)).isEqualTo(7);
    }
}
