package dev.verdict.tests;

import dev.verdict.storage.DatabaseTarget;

/** A real database for one test class: a fresh SQLite file, or a fresh database on a real PostgreSQL. */
public sealed interface TestDatabase permits SqliteDatabase, PostgresDatabase {
    DatabaseTarget target();

    /** A URL for reading the database directly in checks, binding strings as the store does. */
    default String jdbcUrl() {
        String url = target().jdbcUrl();
        return url.startsWith("jdbc:postgresql:")
                ? url + (url.contains("?") ? "&" : "?") + "stringtype=unspecified"
                : url;
    }

    static TestDatabase sqlite() {
        return new SqliteDatabase();
    }

    static TestDatabase postgres() {
        return PostgresDatabase.fresh();
    }
}
