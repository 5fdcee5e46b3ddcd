package dev.verdict.core.plans;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A plan's answer as stored: its JSON in UTF-8, and the same gzipped, made once and kept with it.
 * Every node of a build fetches the same plan, and bktec accepts gzip: a 10,000-file plan of
 * more than a megabyte goes as a few dozen kilobytes, compressed once rather than per node.
 */
public final class PlanJson {
    private final byte[] utf8;
    private volatile byte[] gzip;

    public PlanJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The JSON, UTF-8. Shared: never to be changed. */
    public byte[] utf8() {
        return utf8;
    }

    /** The JSON gzipped, made on first use. Shared: never to be changed. */
    public byte[] gzip() {
        byte[] done = gzip;
        if (done == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length / 8 + 64);
            // The fastest level: JSON this repetitive still shrinks twentyfold, in a few milliseconds.
            try (GZIPOutputStream zip = new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                zip.write(utf8);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // no I/O: the stream is in memory
            }
            done = out.toByteArray();
            gzip = done;
        }
        return done;
    }
}
