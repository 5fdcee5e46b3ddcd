package dev.verdict.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * The files of a store on this machine (the SQLite database, the secret key) and the directories
 * around them: readable by their owner only, since a copy of either is a copy of the data or of
 * the power to read suite tokens. Only what Verdict creates is given these modes; what an operator
 * made is left as it is.
 */
public final class PrivateFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /** Creates the directory and any missing parents, mode 0700. */
    public static void directory(Path dir) {
        try {
            if (POSIX) {
                Files.createDirectories(dir, attribute("rwx------"));
            } else {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // a file is where the directory should be
            throw new IllegalStateException("cannot create the data directory " + dir + ": not a directory", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + ": " + explain(e), e);
        }
    }

    /** A new file's mode: 0600. */
    public static FileAttribute<?>[] fileMode() {
        return POSIX ? new FileAttribute<?>[] {attribute("rw-------")} : new FileAttribute<?>[0];
    }

    /** Creates the file, mode 0600, if it is not there. */
    public static void file(Path file) throws IOException {
        try {
            Files.createFile(file, fileMode());
        } catch (FileAlreadyExistsException e) {
            // kept as it is, with the mode it has
        }
    }

    /**
     * What went wrong with a file, as the operating system says it ("permission denied", "not a
     * directory"): Java names some of these by the exception's class alone, with only the path as
     * its message.
     */
    public static String explain(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static FileAttribute<?> attribute(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }
}
