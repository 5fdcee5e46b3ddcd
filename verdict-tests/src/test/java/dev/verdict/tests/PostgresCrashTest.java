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
    long count(String sql, String parameter) {
        try (var c = java.sql.DriverManager.getConnection(database.jdbcUrl());
                var s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
