package dev.verdict.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shortcut that skips Flyway on an up-to-date store must know the newest migration. */
class SchemaVersionTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSchemaVersionIsTheNewestMigrationOfEachDialect(Dialect dialect) throws IOException, URISyntaxException {
        Path migrations =
                Path.of(getClass().getResource("/" + dialect.migrations()).toURI());
        int newest;
        try (Stream<Path> files = Files.list(migrations)) {
            newest = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }

        assertThat(JdbcStorage.SCHEMA_VERSION).isEqualTo(newest);
    }
}
