package dev.verdict.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {
    @Test
    void noUrlMeansSqliteInTheDataDirectory() {
        DatabaseTarget target = DatabaseTarget.resolve(null, Path.of("/srv/verdict/./data"));

        assertThat(target.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/verdict/data/verdict.db");
    }

    @Test
    void aLibpqUrlBecomesJdbcWithCredentialsAsParameters() {
        DatabaseTarget target = DatabaseTarget.resolve(
                "postgresql://verdict:s3cret@db.internal:5433/verdict?sslmode=require", Path.of("."));

        assertThat(target.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(target.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.internal:5433/verdict?user=verdict&password=s3cret&sslmode=require");
        assertThat(target.toString()).doesNotContain("s3cret");
    }

    @Test
    void postgresSchemeAndJdbcUrlsAreAccepted() {
        assertThat(DatabaseTarget.resolve("postgres://u@h/db", Path.of(".")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?user=u");
        assertThat(DatabaseTarget.resolve("jdbc:postgresql://h/db", Path.of("."))
                        .dialect())
                .isEqualTo(Dialect.POSTGRESQL);
        assertThat(DatabaseTarget.resolve("jdbc:sqlite:/tmp/x.db", Path.of(".")).dialect())
                .isEqualTo(Dialect.SQLITE);
    }

    @Test
    void anythingElseIsRefusedWithoutEchoingAPassword() {
        assertThatThrownBy(() -> DatabaseTarget.resolve("mysql://root:hunter2@h/db", Path.of(".")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
    }
}
