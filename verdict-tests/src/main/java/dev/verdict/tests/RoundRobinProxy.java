package dev.verdict.tests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load balancer as small as a test needs: each request goes to the next backend in turn, on
 * loopback. A backend that refuses the connection is skipped for the next, as load balancers retry
 * what never reached a server; one that fails once the request was sent is answered 502, since
 * the request may have done its work there. It counts what each backend answered.
 */
public final class RoundRobinProxy implements AutoCloseable {
    /** Headers a proxy does not pass on, and those the JDK's client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "content-length", "expect", "host", "keep-alive", "transfer-encoding", "upgrade", "date");

    private final HttpServer server;
    private final List<URI> backends = new CopyOnWriteArrayList<>();
    private final Map<URI, AtomicLong> answered = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private RoundRobinProxy(HttpServer server) {
        this.server = server;
    }

    public static RoundRobinProxy start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        RoundRobinProxy proxy = new RoundRobinProxy(server);
        server.createContext("/", proxy::forward);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return proxy;
    }

    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    public void add(URI backend) {
        answered.putIfAbsent(backend, new AtomicLong());
        backends.add(backend);
    }

    /** Takes a backend out of the turn, as a load balancer does with one that fails its health check. */
    public void remove(URI backend) {
        backends.remove(backend);
    }

    /** How many requests this backend answered. */
    public long answered(URI backend) {
        return answered.getOrDefault(backend, new AtomicLong()).get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            List<URI> turn = List.copyOf(backends);
            int first = Math.floorMod(next.getAndIncrement(), Math.max(1, turn.size()));
            for (int tried = 0; tried < turn.size(); tried++) {
                URI backend = turn.get((first + tried) % turn.size());
                HttpResponse<byte[]> response;
                try {
                    response = client.send(request(exchange, backend, body), HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException | HttpConnectTimeoutException refused) {
                    continue; // never reached it: the next one may take it
                } catch (IOException broken) {
                    answer(exchange, 502, Map.of(), ("the backend failed: " + broken).getBytes());
                    return;
                }
                answered.get(backend).incrementAndGet();
                answer(exchange, response.statusCode(), response.headers().map(), response.body());
                return;
            }
            answer(exchange, 503, Map.of(), "no backend took the connection".getBytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest request(HttpExchange exchange, URI backend, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request.build();
    }

    private static void answer(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
