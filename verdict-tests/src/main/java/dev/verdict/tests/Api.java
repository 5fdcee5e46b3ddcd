package dev.verdict.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK HTTP client pointed at a running server, as any API client would talk to it. */
public final class Api {
    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(URI base) {
        this.base = base;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    public HttpReply get(String path, String token) {
        return send(authorized(request(path), token).GET().build());
    }

    public HttpReply post(String path, String token, String json) {
        return send(json(authorized(request(path), token), "POST", json));
    }

    public HttpReply patch(String path, String token, String json) {
        return send(json(authorized(request(path), token), "PATCH", json));
    }

    public HttpReply put(String path, String token, String json) {
        return send(json(authorized(request(path), token), "PUT", json));
    }

    /** A GET with one more header, such as {@code Buildkite-Version}. */
    public HttpReply get(String path, String token, String header, String value) {
        return send(authorized(request(path), token).header(header, value).GET().build());
    }

    public HttpReply delete(String path, String token) {
        return send(authorized(request(path), token).DELETE().build());
    }

    /** Posts a JSON upload with {@code Authorization: Token token="..."}, as the collectors do. */
    public HttpReply upload(String uploadToken, String json) {
        return send(request("/v1/uploads")
                .header("Authorization", "Token token=\"" + uploadToken + "\"")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpReply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpReply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest json(HttpRequest.Builder builder, String method, String json) {
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
