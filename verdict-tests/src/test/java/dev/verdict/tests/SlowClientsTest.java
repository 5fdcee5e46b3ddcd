package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.server.VerdictConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send slowly are cut off, over a raw socket: headers that trickle in past their
 * deadline, a connection that says nothing, a body slower than the minimum rate. The limits here
 * are a small fraction of the defaults, so each case takes a couple of seconds.
 */
class SlowClientsTest {
    static final Duration HEADERS = Duration.ofSeconds(1);
    static final Duration IDLE = Duration.ofSeconds(2);
    static final long MIN_RATE = 1000;

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite())
            .with(c -> c.withFront(new VerdictConfig.Front(false, HEADERS, IDLE, MIN_RATE)));

    /** What a client saw: when the server ended the connection, and what it answered before. */
    record Outcome(boolean closed, Duration after, String answer) {}

    /**
     * Sends {@code start}, then {@code next.apply(i)} every 300 ms (nothing when it gives null),
     * until the server closes the connection or {@code within} has passed.
     */
    static Outcome trickle(String start, IntFunction<String> next, Duration within) throws IOException {
        try (Socket socket = new Socket(
                SERVER.server().uri().getHost(), SERVER.server().uri().getPort())) {
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long began = System.nanoTime();
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder answer = new StringBuilder();
            for (int i = 0; System.nanoTime() - began < within.toNanos(); i++) {
                try {
                    byte[] buffer = new byte[4096];
                    int n = in.read(buffer);
                    if (n == -1) {
                        return new Outcome(true, Duration.ofNanos(System.nanoTime() - began), answer.toString());
                    }
                    answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                    continue;
                } catch (SocketTimeoutException e) {
                    // nothing yet: send the next piece
                } catch (IOException e) { // reset: closed with our bytes unread
                    return new Outcome(true, Duration.ofNanos(System.nanoTime() - began), answer.toString());
                }
                String piece = next.apply(i);
                if (piece != null) {
                    try {
                        out.write(piece.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        return new Outcome(true, Duration.ofNanos(System.nanoTime() - began), answer.toString());
                    }
                }
            }
            return new Outcome(false, within, answer.toString());
        }
    }

    @Test
    void headersSentALineAtATimeAreCutOffAtTheirDeadline() throws IOException {
        String host = "Host: localhost\r\n";
        Outcome outcome =
                trickle("GET /health HTTP/1.1\r\n" + host, i -> "X-Slow-" + i + ": 1\r\n", Duration.ofSeconds(6));

        assertThat(outcome.closed()).as("closed").isTrue();
        assertThat(outcome.after())
                .isBetween(HEADERS, HEADERS.plus(HEADERS.dividedBy(4)).plusMillis(800));
        assertThat(outcome.answer()).isEmpty();
    }

    @Test
    void aRequestThatTakesLessThanTheDeadlineIsAnswered() throws IOException {
        String[] lines = {"Host: localhost\r\n", "Connection: close\r\n", "\r\n"};
        Outcome outcome =
                trickle("GET /health HTTP/1.1\r\n", i -> i < lines.length ? lines[i] : null, Duration.ofSeconds(6));

        assertThat(outcome.answer()).startsWith("HTTP/1.1 200");
    }

    @Test
    void aConnectionThatSaysNothingIsClosedWhenIdle() throws IOException {
        Outcome outcome = trickle("", i -> null, Duration.ofSeconds(6));

        assertThat(outcome.closed()).as("closed").isTrue();
        assertThat(outcome.after()).isBetween(IDLE.minusMillis(200), IDLE.plusSeconds(1));
    }

    @Test
    void aBodySlowerThanTheMinimumRateIsRefused() throws IOException {
        String base = SERVER.server().uri().toString().replaceAll("/$", "");
        Outcome outcome = trickle(
                "POST /sign-in HTTP/1.1\r\nHost: localhost\r\nOrigin: " + base + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\ntoken=",
                i -> "a",
                Duration.ofSeconds(6));

        assertThat(outcome.closed()).as("closed").isTrue();
        assertThat(outcome.after()).isLessThan(Duration.ofSeconds(4));
        assertThat(outcome.answer()).startsWith("HTTP/1.1 408").contains("slower than 1000 bytes a second");
    }
}
