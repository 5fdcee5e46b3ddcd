package dev.verdict.core.workflows;

import dev.verdict.core.Ids;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.core.suites.Suite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Workflows' rules outside the pipeline: making, changing and deleting them, and each one's
 * webhook signing secret, which is sealed at rest ({@link SecretBox}) because the server must use
 * it again, and made the first time it is needed.
 */
public final class Workflows {
    /**
     * The header a webhook is signed in: {@code timestamp=<unix seconds>,signature=<hex>}, the
     * signature being HMAC-SHA256 of {@code <timestamp>.<body>} under the workflow's secret. A
     * receiver recomputes it and refuses a timestamp older than it allows, so a replayed request
     * fails.
     */
    public static final String SIGNATURE_HEADER = "X-Buildkite-Signature";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private final WorkflowStore store;
    private final SecretBox box;
    private final Clock clock;

    public Workflows(WorkflowStore store, SecretBox box, Clock clock) {
        this.store = store;
        this.box = box;
        this.clock = clock;
    }

    /** A new workflow, with its secret: the answer to its create is where a client first sees it. */
    public record Created(Workflow workflow, String secret) {}

    public Created create(Suite suite, WorkflowSpec spec) {
        Workflow workflow = Workflow.create(suite.id(), spec, Timestamps.now(clock));
        store.insert(workflow);
        return new Created(workflow, secret(workflow.id()));
    }

    /** The suite's workflow with this id as a path gives it; 404 when it is not one, or not the suite's. */
    public Workflow find(Suite suite, String id) {
        return Ids.parse(id).flatMap(uuid -> store.find(suite.id(), uuid)).orElseThrow(Workflows::notFound);
    }

    public Workflow update(Workflow current, WorkflowSpec spec) {
        Workflow updated =
                new Workflow(current.id(), current.suiteId(), spec, current.createdAt(), Timestamps.now(clock));
        if (!store.update(updated)) {
            throw notFound();
        }
        return updated;
    }

    public void delete(Suite suite, String id) {
        if (!Ids.parse(id).map(uuid -> store.delete(suite.id(), uuid)).orElse(false)) {
            throw notFound();
        }
    }

    private static NotFound notFound() {
        return new NotFound("No workflow found");
    }

    /** The workflow's signing secret, made and kept now if it has none. */
    public String secret(UUID workflowId) {
        var sealed = store.sealedSecret(workflowId);
        if (sealed.isPresent()) {
            return box.open(sealed.get());
        }
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return box.open(
                store.keepSecret(workflowId, box.seal("whsec_" + HexFormat.of().formatHex(bytes))));
    }

    /** The {@link #SIGNATURE_HEADER} value for a body sent at {@code at}. */
    public static String signature(String secret, Instant at, byte[] body) {
        long timestamp = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "timestamp=" + timestamp + ",signature=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is in every JDK", e);
        }
    }
}
