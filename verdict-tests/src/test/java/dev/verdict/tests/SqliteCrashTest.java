package dev.verdict.tests;

import java.util.List;

/** The crash contract on SQLite, in the server's data directory. */
class SqliteCrashTest extends CrashContract {
    @Override
    List<String> storeFlags() {
        return List.of();
    }

    @Override
    TestDatabase database() {
        return TestDatabase.sqliteIn(dataDir);
    }
}
