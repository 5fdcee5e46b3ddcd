package dev.verdict.tests;

import java.util.List;

/** The crash contract on SQLite. */
class SqliteCrashTest extends CrashContract {
    @Override
    List<String> storeFlags() {
        return List.of();
    }

    @Override
    long count(String sql, String parameter) {
        String url = "jdbc:sqlite:" + dataDir.resolve("verdict.db");
        try (var c = java.sql.DriverManager.getConnection(url);
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
