package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The upload jar on a CI machine whose Java is too old for it: one line, and the build goes on. */
class UploadJarTest {
    static final Path JAR = Path.of("..", "verdict-upload", "target", "verdict-upload.jar")
            .toAbsolutePath()
            .normalize();

    /** A Java older than 25 on this machine, if there is one (Debian's default is 17). */
    static Optional<Path> olderJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> home.getFileName().toString().matches("java-(8|11|17|21)-openjdk.*"))
                    .map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        }
    }

    record Ran(int exit, String err) {}

    static Ran run(Path java, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Ran(
                process.exitValue(), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anOlderJavaIsToldWhatItNeedsInOneLine() throws Exception {
        assertThat(JAR).as("built by verdict-upload's package phase").exists();
        Optional<Path> java = olderJava();
        Assumptions.assumeTrue(java.isPresent(), "no Java older than 25 here to run the jar with");

        Ran quiet = run(java.get(), "--url", "http://localhost:9", "--token", "t", "results.xml");
        Ran strict = run(java.get(), "--fail-on-error", "results.xml");

        assertThat(quiet.exit()).isZero();
        assertThat(quiet.err())
                .matches("verdict upload: needs Java 25 or newer, and this is Java \\d+ \\(.*\\); nothing"
                        + " was sent\\n");
        assertThat(strict.exit()).isEqualTo(1);
    }
}
