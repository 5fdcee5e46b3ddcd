package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Multipart parts wait in a directory of the server's own, gone when it stops or, after a crash, at the next start. */
class SpoolTest {
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void aDeadServersDirectoryIsRemovedAtStartAndTheServersOwnAtStop() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createDirectory(TEMP.resolve("verdict-uploads-" + gone.pid() + "-left"));
        Files.writeString(stale.resolve("part"), "a part nobody will read");

        List<Path> before = spools();
        List<Path> own;
        try (VerdictServer server = VerdictServer.start(
                VerdictConfig.defaults(TestDatabase.sqlite().target(), new SecretBox(SecretBox.newKey())))) {
            assertThat(stale).doesNotExist();
            own = spools().stream().filter(p -> !before.contains(p)).toList();
            assertThat(own).hasSize(1);
            assertThat(Files.getPosixFilePermissions(own.getFirst()))
                    .containsExactlyInAnyOrder(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        }

        assertThat(own.getFirst()).doesNotExist();
    }

    /** This process's spool directories. */
    private static List<Path> spools() throws Exception {
        String mine = "verdict-uploads-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> entries = Files.list(TEMP)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(mine))
                    .toList();
        }
    }
}
