package dev.verdict.server.api;

import dev.verdict.core.storage.CheckResult;
import dev.verdict.core.storage.Storage;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.util.Map;

/**
 * {@code GET /health}: 200 while storage answers, 503 with the reason while it does not. It also
 * says whether this server runs the cluster's background chores ({@code "background": "leader"})
 * or leaves them to another ({@code "standby"}).
 */
public final class HealthApi {
    private final Storage storage;

    public HealthApi(Storage storage) {
        this.storage = storage;
    }

    public void routes(Router router) {
        router.add("GET", "/health", Guard.open(), call -> {
            CheckResult check = storage.check();
            return check.ok()
                    ? Reply.ok(Map.of(
                            "status", "ok", "background", storage.leadership().leading() ? "leader" : "standby"))
                    : Reply.status(
                            503,
                            Map.of(
                                    "message",
                                    "storage is not answering: " + check.error().orElseThrow()));
        });
    }
}
