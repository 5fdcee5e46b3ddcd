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

    /** A number read straight from the database (a count), for checks the API does not expose. */
    default long count(String sql, Object... parameters) {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl());
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, String.valueOf(parameters[i]));
            }
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes rows behind the server's back, to prove what it reads. */
    default void update(String sql) {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl());
                var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestDatabase sqlite() {
        return new SqliteDatabase();
    }

    /** The SQLite store {@code verdict serve --data-dir directory} keeps. */
    static TestDatabase sqliteIn(java.nio.file.Path directory) {
        return new SqliteDatabase(directory);
    }

    static TestDatabase postgres() {
        return PostgresDatabase.fresh();
    }
}
