package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one PostgreSQL, taking a suite's uploads in turn from the shared queue: each
 * keeps the workflows' states it committed in memory, and must read the tables again when the
 * other server moved the suite on, or a transition window would lose the other's results.
 */
class WorkflowsAcrossServersTest {
    @RegisterExtension
    static final TestServer FIRST = TestServer.on(TestDatabase.postgres());

    @RegisterExtension
    static final TestServer SECOND = FIRST.sharingItsDatabase();

    @Test
    void aWindowSeesTheResultsBothServersProcessed() {
        TestSuite suite = FIRST.newOrganization().suite("Across");
        String token = suite.org().token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        HttpReply created = FIRST.api().post(suite.path("/workflows"), token, """
                {"monitor": {"type": "transition_count", "window_size": 4, "alarm_threshold": 0.5,
                             "recover_threshold": 0.25},
                 "filters": [{"key": "scm.branch", "operator": "is", "value": "main"}],
                 "alarm_actions": [{"type": "add_label", "label": "unstable"}],
                 "recover_actions": [{"type": "remove_label", "label": "unstable"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").stringValue();
        String[] results = {"passed", "failed", "passed", "passed", "passed", "passed", "passed"};
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Api api = (i % 2 == 0 ? FIRST : SECOND).api();
            HttpReply sent = api.send(api.request("/v1/uploads")
                    .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            upload("r" + i, "main", "c" + i, execution("wobbly", results[i], 1))))
                    .build());
            assertThat(sent.status()).isEqualTo(202);
            suite.finishedRuns();
            events.add(suite.get("/workflows/" + id + "/events").json().size());
        }
        // P F P: 2 transitions of 4, alarmed on the third; P F P P still 2; F P P P: 1 of 4 is not
        // below 0.25; P P P P is, on the sixth. A window that missed the other server's results
        // would alarm late or not at all, or recover early.
        assertThat(events).containsExactly(0, 0, 1, 1, 1, 2, 2);
    }
}
