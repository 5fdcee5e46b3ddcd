package dev.verdict.tests;

import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import org.junit.jupiter.api.BeforeEach;

/** A contract whose every test starts in an organization of its own, with one suite in it. */
abstract class SuiteContract {
    abstract TestServer server();

    TestOrganization org;
    TestSuite suite;

    @BeforeEach
    void newSuite() {
        org = server().newOrganization();
        suite = org.suite(getClass().getSimpleName());
    }
}
