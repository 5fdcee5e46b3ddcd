package dev.verdict.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the large parts of multipart uploads wait while they are read: a directory of this
 * process's own under the system's temporary directory, named with its process id, readable by
 * it alone. It is removed when the server stops; one left by a process that died (its id no
 * longer running) is removed when the next server starts, so a crash never leaves parts behind
 * for good.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String PREFIX = "verdict-uploads-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    private final Path directory;

    private Spool(Path directory) {
        this.directory = directory;
    }

    public static Spool create() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        removeStale(temp);
        try {
            return new Spool(Files.createTempDirectory(
                    temp,
                    PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for multipart uploads in " + temp, e);
        }
    }

    public Path directory() {
        return directory;
    }

    private static void removeStale(Path temp) {
        try (Stream<Path> entries = Files.list(temp)) {
            entries.filter(Files::isDirectory).forEach(dir -> {
                Matcher name = NAME.matcher(dir.getFileName().toString());
                if (name.matches()
                        && ProcessHandle.of(Long.parseLong(name.group(1)))
                                .map(ProcessHandle::isAlive)
                                .orElse(false)
                                .equals(false)) {
                    LOG.info("removing {}, left by a server that is no longer running", dir);
                    delete(dir);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not look for stale upload directories in {}: {}", temp, e.getMessage());
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not remove {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        delete(directory);
    }
}
