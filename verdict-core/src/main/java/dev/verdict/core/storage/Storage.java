package dev.verdict.core.storage;

import dev.verdict.core.access.AccessStore;
import dev.verdict.core.access.WebSessionStore;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.plans.PlanStore;
import dev.verdict.core.runs.RunStore;
import dev.verdict.core.suites.SuiteStore;
import dev.verdict.core.tests.TestStore;
import dev.verdict.core.workflows.WorkflowStore;

/**
 * The storage seam: one component per backend, lazy about I/O so that a database that is down
 * does not break the object graph; {@link #check()} tells whether it answers.
 */
public interface Storage extends AutoCloseable {
    /** Brings the schema up to date. Safe to run from several processes at once. */
    void migrate();

    /** Whether the database answers, and if not, why. */
    CheckResult check();

    AccessStore access();

    WebSessionStore webSessions();

    SuiteStore suites();

    UploadStore uploads();

    RunStore runs();

    TestStore tests();

    PlanStore plans();

    WorkflowStore workflows();

    RetentionStore retention();

    /** Whether this server is the one of those sharing the store that runs background chores. */
    Leadership leadership();

    @Override
    void close();
}
