package dev.verdict.tests;

import dev.verdict.storage.DatabaseTarget;

/** A real database for one test class: a fresh SQLite file, or a fresh database on a real PostgreSQL. */
public sealed interface TestDatabase permits SqliteDatabase, PostgresDatabase {
    DatabaseTarget target();

    static TestDatabase sqlite() {
        return new SqliteDatabase();
    }

    static TestDatabase postgres() {
        return PostgresDatabase.fresh();
    }
}
