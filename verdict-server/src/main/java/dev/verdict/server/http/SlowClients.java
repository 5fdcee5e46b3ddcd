package dev.verdict.server.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Bounds on clients that send slowly, so that a few hundred connections trickling bytes cannot hold
 * the server: a deadline for a request's line and headers, a minimum rate for its body, and an idle
 * timeout. Jetty 12.1 has only the last: its {@code HttpConfiguration.setMinRequestDataRate} is no
 * longer enforced by the core server, and its {@code MinimumDataRateHandler} measures every
 * request's bytes together, not one request's; neither bounds headers, so a client sending a header
 * line every few seconds is never idle and would stay forever. {@link HeaderDeadline} and
 * {@link MinimumBodyRate} add the other two.
 */
public final class SlowClients {
    private SlowClients() {}

    /** Applies the header deadline and the idle timeout to the connector's connections; call before it starts. */
    public static void guard(
            ServerConnector connector, HttpConfiguration http, Duration headerTimeout, Duration idleTimeout) {
        connector.setIdleTimeout(idleTimeout.toMillis());
        http.setIdleTimeout(idleTimeout.toMillis());
        connector.addEventListener(new HeaderDeadline(connector.getScheduler(), headerTimeout));
    }

    /** The handler, with every request body held to at least this many bytes a second. */
    public static Handler minimumBodyRate(Handler handler, long bytesPerSecond) {
        return bytesPerSecond > 0 ? new MinimumBodyRate(handler, bytesPerSecond) : handler;
    }

    /**
     * Fails the reading of a body that arrives slower than the minimum, on average since the
     * handler first asked for it, after a second of grace (so a pause at the start, a collection in
     * the server, does not count against the client). The reader gets a 408 to answer; the
     * connection then closes, as its body was not read to the end.
     */
    static final class MinimumBodyRate extends Handler.Wrapper {
        private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
        private final long bytesPerSecond;

        MinimumBodyRate(Handler handler, long bytesPerSecond) {
            super(handler);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return super.handle(new RatedRequest(request), response, callback);
        }

        private final class RatedRequest extends Request.Wrapper {
            private long firstAsked;
            private long read;
            private boolean ended;
            private Content.Chunk failure;

            RatedRequest(Request request) {
                super(request);
            }

            @Override
            public Content.Chunk read() {
                if (failure != null || tooSlow()) {
                    return failure;
                }
                Content.Chunk chunk = super.read();
                if (chunk != null && !Content.Chunk.isFailure(chunk)) {
                    read += chunk.remaining();
                    ended = chunk.isLast();
                }
                return chunk;
            }

            @Override
            public void demand(Runnable more) {
                if (failure != null || tooSlow()) {
                    more.run(); // the reader reads again and meets the failure
                    return;
                }
                super.demand(more);
            }

            private boolean tooSlow() {
                if (ended) {
                    return false; // all of it came: the handler's pace after that is its own
                }
                long now = System.nanoTime();
                if (firstAsked == 0) {
                    firstAsked = now;
                    return false;
                }
                long owed = (now - firstAsked - GRACE_NANOS) * bytesPerSecond / TimeUnit.SECONDS.toNanos(1);
                if (read >= owed) {
                    return false;
                }
                failure = Content.Chunk.from(
                        new HttpException.RuntimeException(
                                408, "The request body came slower than " + bytesPerSecond + " bytes a second."),
                        true);
                return true;
            }
        }
    }

    /**
     * Closes a connection whose request has begun to arrive but whose headers have not all come
     * within the limit. Each connection is looked at every quarter of the limit, through the
     * counters Jetty keeps thread-safe (requests whose headers came, responses begun, bytes read),
     * so the clock starts when a look first sees bytes of a request, and a connection is closed
     * between the limit and a quarter more after its request began. A connection answering a
     * request is left alone: its body is the data rate's business.
     */
    static final class HeaderDeadline implements Connection.Listener {
        private final Scheduler scheduler;
        private final long limitNanos;
        private final long lookEveryMillis;

        HeaderDeadline(Scheduler scheduler, Duration limit) {
            this.scheduler = scheduler;
            this.limitNanos = limit.toNanos();
            this.lookEveryMillis = Math.max(10, limit.toMillis() / 4);
        }

        @Override
        public void onOpened(Connection connection) {
            if (connection.getMessagesIn() >= 0) { // HTTP/1; other protocols do not count requests
                new Watch(connection).look();
            }
        }

        private final class Watch implements Runnable {
            private final Connection connection;
            private long requests;
            private long bytes;
            private long since = -1; // when bytes of a request not yet complete were first seen

            Watch(Connection connection) {
                this.connection = connection;
            }

            void look() {
                scheduler.schedule(this, lookEveryMillis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void run() {
                EndPoint endPoint = connection.getEndPoint();
                if (!endPoint.isOpen()) {
                    return;
                }
                long in = connection.getMessagesIn();
                long out = connection.getMessagesOut();
                long read = connection.getBytesIn();
                long now = System.nanoTime();
                if (in > out || in != requests) {
                    since = -1; // being answered, or headers came since the last look
                } else if (since == -1 && read != bytes) {
                    since = now;
                } else if (since != -1 && now - since >= limitNanos) {
                    endPoint.close(new TimeoutException(
                            "request headers took longer than " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms"));
                    return;
                }
                requests = in;
                bytes = read;
                look();
            }
        }
    }
}
