package dev.verdict.server.http;

import dev.verdict.core.BadRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes {@code Content-Encoding} (the Ruby collector gzips every body) and bounds the result, so a
 * compression bomb stops at the limit instead of filling memory. A body that is not what its
 * encoding says is a 400 that says so.
 */
public final class ContentDecoding {
    private ContentDecoding() {}

    public static InputStream decode(InputStream raw, String encoding, long limit) {
        InputStream bounded = new BoundedInputStream(raw, limit);
        String name = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
        InputStream decoded;
        try {
            decoded = switch (name) {
                case "", "identity" -> bounded;
                case "gzip", "x-gzip" -> new GZIPInputStream(bounded, 64 << 10);
                case "deflate" -> inflate(bounded);
                default ->
                    throw new ApiException(
                            415, "Content-Encoding '" + encoding + "' is not supported; send gzip, deflate or none");
            };
        } catch (IOException e) {
            throw new BadRequest("request body is not valid " + name + ": " + e.getMessage());
        }
        return decoded == bounded ? bounded : new Checked(new BoundedInputStream(decoded, limit), name);
    }

    /** HTTP's deflate is zlib-wrapped, but some clients send raw deflate; the first bytes tell which. */
    private static InputStream inflate(InputStream in) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, 2);
        int first = peek.read();
        int second = peek.read();
        if (second >= 0) {
            peek.unread(second);
        }
        if (first >= 0) {
            peek.unread(first);
        }
        boolean zlib = first >= 0 && second >= 0 && (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
        return new InflaterInputStream(peek, new Inflater(!zlib), 64 << 10);
    }

    /** Turns a corrupt compressed stream into a 400 naming the encoding. */
    private static final class Checked extends FilterInputStream {
        private final String encoding;

        Checked(InputStream in, String encoding) {
            super(in);
            this.encoding = encoding;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw corrupt(e);
            }
        }

        private BadRequest corrupt(IOException e) {
            return new BadRequest("request body is not valid " + encoding + ": " + e.getMessage());
        }
    }
}
