package dev.verdict.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A browser as far as pages care: it keeps the session cookie, sends forms as a browser does
 * (with its Origin), and does not follow redirects, so tests see each 303.
 */
public final class WebSession {
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private String cookie;
    private final Map<String, String> always = new java.util.LinkedHashMap<>();

    /** A page as it came back, parsed. */
    public record Page(int status, Map<String, List<String>> headers, String body, Document document) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        /** The CSRF token the page's forms carry. */
        public String csrf() {
            return document.selectFirst("input[name=_csrf]").attr("value");
        }
    }

    public WebSession(URI base) {
        this.base = base;
    }

    public Page get(String path) {
        return send(request(path).GET().build());
    }

    public Page get(String path, String header, String value) {
        return send(request(path).header(header, value).GET().build());
    }

    /** A form sent from one of this server's pages. */
    public Page post(String path, Map<String, String> fields) {
        return post(path, fields, origin());
    }

    /** A form sent with this Origin (none if null). */
    public Page post(String path, Map<String, String> fields, String origin) {
        return origin == null ? postWith(path, fields, Map.of()) : postWith(path, fields, Map.of("Origin", origin));
    }

    /** A form sent with exactly these headers saying where it came from (Origin, Referer, or none). */
    public Page postWith(String path, Map<String, String> fields, Map<String, String> headers) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** A form body sent exactly as given (from this site), for bodies no browser would build. */
    public Page postRaw(String path, String body) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** This server's origin, as a browser on its pages names it. */
    public String origin() {
        return base.getScheme() + "://" + base.getAuthority();
    }

    /** Signs in with an access token; the page it answers is a 303 on success. */
    public Page signIn(String token) {
        return post("/sign-in", Map.of("token", token));
    }

    /** A header sent with every request, as a proxy in front would add it. */
    public WebSession alwaysSend(String name, String value) {
        always.put(name, value);
        return this;
    }

    public String cookie() {
        return cookie;
    }

    public void cookie(String value) {
        this.cookie = value;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        always.forEach(request::header);
        return request;
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(set -> {
                String pair = set.split(";", 2)[0];
                // A cleared cookie has no value; a sealed one may end in base64's "=" padding.
                cookie = pair.split("=", 2)[1].isEmpty() ? null : pair;
            });
            return new Page(
                    response.statusCode(),
                    response.headers().map(),
                    response.body(),
                    Jsoup.parse(response.body(), request.uri().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A query string from pairs. */
    public static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }
}
