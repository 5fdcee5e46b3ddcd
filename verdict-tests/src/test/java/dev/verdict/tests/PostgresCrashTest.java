package dev.verdict.tests;

import java.util.List;

/** The crash contract on a real PostgreSQL server. */
class PostgresCrashTest extends CrashContract {
    private final TestDatabase database = TestDatabase.postgres();

    @Override
    List<String> storeFlags() {
        return List.of("--database-url", database.target().jdbcUrl());
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
