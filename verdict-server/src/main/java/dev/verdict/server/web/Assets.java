package dev.verdict.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The few files pages load: htmx and uPlot from their webjars, and this UI's own stylesheet and
 * script. Read once at start; answered with an ETag so a browser asks cheaply whether they changed.
 */
final class Assets {
    static final String PREFIX = "/assets/";

    private record Asset(byte[] bytes, String contentType, String etag) {}

    private static final Map<String, String[]> FILES = Map.of(
            "htmx.min.js",
            new String[] {"META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js", "text/javascript"},
            "uPlot.min.js",
            new String[] {"META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "text/javascript"},
            "uPlot.min.css",
            new String[] {"META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css", "text/css"},
            "app.css",
            new String[] {"web/app.css", "text/css"},
            "app.js",
            new String[] {"web/app.js", "text/javascript"});

    private final Map<String, Asset> assets;

    Assets() {
        Map<String, Asset> loaded = new java.util.HashMap<>();
        FILES.forEach((name, spec) -> loaded.put(name, load(spec[0], spec[1] + "; charset=utf-8")));
        this.assets = Map.copyOf(loaded);
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + resource);
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
            return new Asset(bytes, contentType, etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean serve(String path, Request request, Response response, Callback callback) {
        Asset asset = assets.get(path.substring(PREFIX.length()));
        if (asset == null) {
            response.setStatus(404);
            callback.succeeded();
            return true;
        }
        response.getHeaders().put("ETag", asset.etag());
        response.getHeaders().put("Cache-Control", "public, max-age=3600");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (asset.etag().equals(request.getHeaders().get("If-None-Match"))) {
            response.setStatus(304);
            callback.succeeded();
            return true;
        }
        response.getHeaders().put("Content-Type", asset.contentType());
        response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }
}
