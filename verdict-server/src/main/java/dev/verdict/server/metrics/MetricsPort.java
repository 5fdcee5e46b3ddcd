package dev.verdict.server.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code --metrics-port}: what arrives on that connector is answered here and goes no further:
 * {@code GET /metrics} with no token (the port is for the monitoring network only), 404 otherwise.
 * Requests on the main port pass on untouched.
 */
public final class MetricsPort extends Handler.Abstract {
    private final Connector connector;
    private final Metrics metrics;

    public MetricsPort(Connector connector, Metrics metrics) {
        this.connector = connector;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (request.getConnectionMetaData().getConnector() != connector) {
            return false;
        }
        boolean scrape = request.getMethod().equals("GET")
                && "/metrics".equals(request.getHttpURI().getCanonicalPath());
        byte[] body = scrape
                ? metrics.scrape().getBytes(StandardCharsets.UTF_8)
                : "{\"message\":\"Not Found: only GET /metrics is served on the metrics port\"}"
                        .getBytes(StandardCharsets.UTF_8);
        response.setStatus(scrape ? 200 : 404);
        response.getHeaders()
                .put(HttpHeader.CONTENT_TYPE, scrape ? Metrics.CONTENT_TYPE : "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
