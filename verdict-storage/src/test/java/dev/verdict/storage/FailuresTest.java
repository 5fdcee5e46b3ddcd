package dev.verdict.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.storage.StorageUnavailable;
import dev.verdict.storage.internal.Failures;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How the database's own failures are told and said: {@link Failures}. */
class FailuresTest {
    private static DatabaseTarget postgres(String url) {
        return DatabaseTarget.resolve(url, Path.of("."));
    }

    @Test
    void aRefusedConnectionNamesHostAndPortUnderTheWrapping() {
        RuntimeException wrapped = new IllegalStateException(
                "Unable to obtain connection from database",
                new SQLException("Connection to db.internal:5433 refused.", "08001", new ConnectException()));

        assertThat(new Failures(postgres("postgresql://u:p@db.internal:5433/verdict")).translate(wrapped))
                .isInstanceOf(StorageUnavailable.class)
                .hasMessage("cannot connect to the database at db.internal:5433: connection refused");
    }

    @Test
    void theDefaultPortIsNamedWhenTheUrlHasNone() {
        assertThat(postgres("postgresql://db.internal/verdict").location()).isEqualTo("db.internal:5432");
        assertThat(postgres("jdbc:postgresql://[::1]/verdict").location()).isEqualTo("[::1]:5432");
        assertThat(postgres("jdbc:postgresql://[::1]:6000/verdict").location()).isEqualTo("[::1]:6000");
        assertThat(postgres("jdbc:postgresql:verdict").location()).isEqualTo("localhost:5432");
    }

    @Test
    void aRefusedLoginIsUnreachableToo() {
        SQLException login = new SQLException("FATAL: password authentication failed for user \"u\"", "28P01");

        assertThat(new Failures(postgres("postgresql://u:p@db/verdict")).translate(new IllegalStateException(login)))
                .isInstanceOf(StorageUnavailable.class)
                .hasMessageEndingWith(": FATAL: password authentication failed for user \"u\"");
    }

    @Test
    void otherFailuresAreNot() {
        SQLException syntax = new SQLException("syntax error", "42601");

        RuntimeException failure = new IllegalStateException(syntax);

        assertThat(new Failures(postgres("postgresql://db/verdict")).translate(failure))
                .isSameAs(failure);
    }

    @Test
    void fileProblemsAreSaidAsTheSystemSaysThem() {
        assertThat(PrivateFiles.explain(new AccessDeniedException("/srv/data"))).isEqualTo("permission denied");
        assertThat(PrivateFiles.explain(new FileSystemException("/srv/data", null, "Read-only file system")))
                .isEqualTo("read-only file system");
    }
}
