package dev.verdict.upload;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What the command tells the person watching: on a terminal a bar redrawn in place (files, results,
 * bytes), elsewhere (a CI log) nothing until the one-line summary.
 */
final class Progress {
    private static final int BAR_WIDTH = 24;
    private static final Duration REDRAW_EVERY = Duration.ofMillis(100);

    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final Instant started;
    private final int totalFiles;
    private final long totalBytes;
    private int filesDone;
    private int filesFailed;
    private long bytesDone;
    private long results;
    private long queued;
    private long skipped;
    private Instant drawn = Instant.EPOCH;

    Progress(PrintWriter err, boolean terminal, Clock clock, int totalFiles, long totalBytes) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.instant();
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
    }

    /** A file's results were read; they count as soon as they are on their way. */
    synchronized void read(long count) {
        results += count;
        draw(false);
    }

    /** The server took an upload. */
    synchronized void accepted(UploadClient.Accepted accepted) {
        queued += accepted.queued();
        skipped += accepted.skipped();
    }

    /** Part of a file was taken by the server. */
    synchronized void sent(long bytes) {
        bytesDone += bytes;
        draw(false);
    }

    /** A file is done with, sent or not; {@code bytes} is what of it {@link #sent} has not counted. */
    synchronized void fileDone(long bytes, boolean sent) {
        filesDone++;
        bytesDone += bytes;
        if (!sent) {
            filesFailed++;
        }
        draw(false);
    }

    /** A problem, on its own line, above the bar. */
    synchronized void problem(String message) {
        if (terminal) {
            err.print("\r\033[K");
        }
        err.println("verdict upload: " + message);
        draw(true);
    }

    synchronized void finish() {
        if (terminal) {
            err.print("\r\033[K");
        }
        err.println(summary());
        err.flush();
    }

    synchronized String summary() {
        Duration took = Duration.between(started, clock.instant());
        String sent = filesFailed == 0 ? "" : ", " + filesFailed + " not sent";
        return String.format(
                Locale.ROOT,
                "verdict upload: %d of %d files%s, %,d results (%s) in %.1f s: %,d queued, %,d skipped by the server",
                filesDone - filesFailed,
                totalFiles,
                sent,
                results,
                bytes(bytesDone),
                took.toMillis() / 1000.0,
                queued,
                skipped);
    }

    private void draw(boolean now) {
        if (!terminal) {
            return;
        }
        Instant at = clock.instant();
        if (!now && Duration.between(drawn, at).compareTo(REDRAW_EVERY) < 0 && filesDone < totalFiles) {
            return;
        }
        drawn = at;
        err.print("\r\033[K" + bar());
        err.flush();
    }

    String bar() {
        double done = totalBytes == 0
                ? (totalFiles == 0 ? 1 : (double) filesDone / totalFiles)
                : (double) bytesDone / totalBytes;
        int filled = (int) Math.round(Math.min(1, done) * BAR_WIDTH);
        return String.format(
                Locale.ROOT,
                "[%s%s] %d/%d files  %,d results  %s/%s",
                "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled),
                filesDone,
                totalFiles,
                results,
                bytes(bytesDone),
                bytes(totalBytes));
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
