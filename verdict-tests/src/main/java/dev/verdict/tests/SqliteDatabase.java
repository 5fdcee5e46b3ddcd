package dev.verdict.tests;

import dev.verdict.storage.DatabaseTarget;
import dev.verdict.storage.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A SQLite file in a new temporary directory, as {@code verdict serve} keeps one in its data directory. */
public final class SqliteDatabase implements TestDatabase {
    private final Path directory;

    SqliteDatabase() {
        this(temporaryDirectory());
    }

    SqliteDatabase(Path directory) {
        this.directory = directory;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("verdict-sqlite-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public DatabaseTarget target() {
        return new DatabaseTarget(Dialect.SQLITE, "jdbc:sqlite:" + directory.resolve(DatabaseTarget.SQLITE_FILE));
    }
}
