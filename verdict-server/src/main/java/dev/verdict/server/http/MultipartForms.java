package dev.verdict.server.http;

import dev.verdict.core.BadRequest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.content.InputStreamContentSource;

/**
 * Reads a {@code multipart/form-data} body with Jetty's parser, bounded, with one answer for every
 * way it can be wrong: 400 for a malformed form, 413 past the limit.
 */
public final class MultipartForms {
    private MultipartForms() {}

    /**
     * Every part of the form, small ones in memory and larger ones spooled to {@code spool}. The
     * caller closes the parts, which deletes their files.
     */
    public static MultiPartFormData.Parts parse(
            String contentType, InputStream body, long maxBytes, long inMemory, Path spool)
            throws InterruptedException {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw new BadRequest("multipart/form-data needs a boundary parameter in its Content-Type");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxLength(maxBytes);
        parser.setMaxMemoryFileSize(inMemory);
        parser.setFilesDirectory(spool);
        parser.setMaxParts(1000);
        try {
            return parser.parse(new InputStreamContentSource(body)).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime
                    && (runtime instanceof ApiException || runtime instanceof BadRequest)) {
                throw runtime;
            }
            String message = cause == null ? e.getMessage() : cause.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("max length")) {
                throw new ApiException(413, "request body is larger than the limit of " + Sizes.describe(maxBytes));
            }
            throw new BadRequest("request body is not valid multipart/form-data: " + message);
        }
    }

    /** Whether a Content-Type names a multipart form. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }
}
