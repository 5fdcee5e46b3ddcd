package dev.verdict.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stops reading a body at a limit, so no client can make the server hold more than that. Counting
 * the bytes read (rather than trusting Content-Length) also covers chunked and decompressed bodies.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(int n) {
        count += n;
        if (count > limit) {
            throw new ApiException(413, "request body is larger than the limit of " + Sizes.describe(limit));
        }
    }
}
