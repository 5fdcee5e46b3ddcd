package dev.verdict.tests;

import static dev.verdict.tests.RunsApiContract.upload;
import static dev.verdict.tests.UploadsContract.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A run with no results turns stale after the stale period, and a late result still counts. */
class StaleRunsTest {
    @RegisterExtension
    static final TestServer SERVER =
            TestServer.on(TestDatabase.sqlite()).with(c -> c.withStaleAfter(Duration.ofSeconds(1)));

    @Test
    void aRunWithoutResultsReadsStaleThenALateResultDecides() {
        TestSuite suite = SERVER.newOrganization().suite("Stale");
        String id =
                suite.upload(upload("late", "main", "c")).json().get("run_id").stringValue();
        suite.finishedRuns();
        assertThat(suite.get("/runs/" + id).json().get("result").stringValue()).isEqualTo("pending");
        assertThat(suite.get("/runs?result=pending").json().size()).isEqualTo(1);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> suite.get("/runs/" + id)
                        .json()
                        .get("result")
                        .stringValue()
                        .equals("stale"));
        assertThat(suite.get("/runs?result=stale").json().size()).isEqualTo(1);
        assertThat(suite.get("/runs?result=pending").json().size()).isZero();

        suite.upload(upload("late", "main", "c", result("finally", "failed")));
        suite.finishedRuns();

        assertThat(suite.get("/runs/" + id).json().get("result").stringValue()).isEqualTo("failed");
        assertThat(suite.get("/runs?result=stale").json().size()).isZero();
    }
}
