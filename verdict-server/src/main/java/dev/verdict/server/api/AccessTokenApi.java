package dev.verdict.server.api;

import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.Scope;
import dev.verdict.core.storage.Storage;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v2/access-token}: the caller's own token, to inspect or revoke. Needs no scope. */
public final class AccessTokenApi {
    /** This endpoint alone writes times as {@code 2025-07-16 06:07:42 UTC}, as Buildkite's does. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Storage storage;

    public AccessTokenApi(Storage storage) {
        this.storage = storage;
    }

    public void routes(Router router) {
        router.add("GET", "/v2/access-token", Guard.anyToken(), this::show)
                .add("DELETE", "/v2/access-token", Guard.anyToken(), this::revoke);
    }

    private Reply show(Call call) {
        AccessToken token = call.token();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uuid", token.id().toString());
        body.put("scopes", token.scopes().stream().map(Scope::wireName).sorted().toList());
        body.put("description", token.description().orElse(null));
        body.put("created_at", TIME.format(token.createdAt()));
        body.put("expires_at", null);
        body.put("organization", Map.of("slug", token.organization().slug()));
        return Reply.ok(body);
    }

    private Reply revoke(Call call) {
        storage.access().revokeToken(call.token().id());
        return Reply.noContent();
    }
}
