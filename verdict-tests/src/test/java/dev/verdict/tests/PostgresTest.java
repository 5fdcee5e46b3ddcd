package dev.verdict.tests;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every contract, on a real PostgreSQL server. */
class PostgresTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.postgres());

    @Nested
    class Storage extends StorageContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class SuitesApi extends SuitesApiContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Access extends AccessContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Conventions extends ConventionsContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Uploads extends UploadsContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class BadUploads extends BadUploadsContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class AccessMatrix extends AccessMatrixContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class HostileInput extends HostileInputContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class RunsApi extends RunsApiContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class TestsApi extends TestsApiContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Flaky extends FlakyContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Judgment extends JudgmentContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class ExecutionTagsAndBuilds extends ExecutionTagsAndBuildsContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Ownership extends OwnershipContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class NativeFormats extends NativeFormatsContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class JunitFormats extends JunitFormatsContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        TestDatabase freshDatabase() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    class WebPages extends WebPagesContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }

    @Nested
    class TestPlan extends TestPlanContract {
        @Override
        TestServer server() {
            return SERVER;
        }
    }
}
