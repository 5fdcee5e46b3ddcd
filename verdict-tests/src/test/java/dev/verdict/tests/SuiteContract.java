package dev.verdict.tests;

import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import org.junit.jupiter.api.BeforeEach;

/** A contract whose every test starts in an organization of its own, with one suite in it. */
abstract class SuiteContract {
    abstract TestServer server();

    TestOrganization org;
    TestSuite suite;

    /** The names of the suite's tests with this label (the first page). */
    java.util.List<String> labelled(String label) {
        return suite.get("/tests?label=" + label)
                .json()
                .valueStream()
                .map(t -> t.get("name").stringValue())
                .toList();
    }

    @BeforeEach
    void newSuite() {
        org = server().newOrganization();
        suite = org.suite(getClass().getSimpleName());
    }
}
