package dev.verdict.core.suites;

import dev.verdict.core.Ids;
import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Tokens;
import dev.verdict.core.workflows.Workflow;
import dev.verdict.core.workflows.WorkflowSpec;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The rules of suites: slugs unique in an organization, one upload token each, sealed at rest. */
public final class Suites {
    /** A new suite with the text of its upload token, which only this answer carries in clear. */
    public record Created(Suite suite, String uploadToken) {}

    /**
     * Each lost race means another create took that slug, so the next attempt sees it taken and
     * moves on: retrying terminates. The bound only guards against a store that misreports.
     */
    private static final int SLUG_RACE_ATTEMPTS = 100;

    private final SuiteStore store;
    private final SecretBox box;
    private final Clock clock;

    public Suites(SuiteStore store, SecretBox box, Clock clock) {
        this.store = store;
        this.box = box;
        this.clock = clock;
    }

    public Created create(Organization organization, SuiteFields fields) {
        SuiteFields valid = fields.validate();
        Tokens.Issued token = Tokens.issue(Tokens.Kind.SUITE, Ids.uuid7());
        SuiteStore.UploadToken stored = stored(token);
        for (int attempt = 1; ; attempt++) {
            Suite suite = new Suite(
                    Ids.uuid7(),
                    organization.id(),
                    freeSlug(organization, valid.name(), null),
                    valid,
                    Timestamps.now(clock));
            try {
                // The default workflow labels what the judge finds flaky (WorkflowSpec.defaultFlaky).
                store.insert(
                        suite,
                        stored,
                        List.of(Workflow.create(suite.id(), WorkflowSpec.defaultFlaky(), suite.createdAt())));
                return new Created(suite, token.text());
            } catch (SuiteStore.SlugTaken e) {
                if (attempt == SLUG_RACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Applies new settings. A rename moves the slug, as renaming a Buildkite pipeline does; the
     * upload token stays, so collectors are not affected.
     */
    public Suite update(Organization organization, Suite current, SuiteFields fields) {
        SuiteFields valid = fields.validate();
        for (int attempt = 1; ; attempt++) {
            String slug = freeSlug(organization, valid.name(), current);
            Suite updated = new Suite(current.id(), current.organizationId(), slug, valid, current.createdAt());
            try {
                store.update(updated);
                return updated;
            } catch (SuiteStore.SlugTaken e) {
                if (attempt == SLUG_RACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * A new upload token for the suite, sealed under this key; the old one stops working. The way
     * back for a suite whose token was sealed under a key that is lost.
     */
    public String rotateUploadToken(Suite suite) {
        Tokens.Issued token = Tokens.issue(Tokens.Kind.SUITE, Ids.uuid7());
        store.replaceUploadToken(suite, stored(token));
        return token.text();
    }

    private SuiteStore.UploadToken stored(Tokens.Issued token) {
        return new SuiteStore.UploadToken(token.id(), token.secretHash(), box.seal(token.text()));
    }

    /**
     * The suite's upload token in clear, for {@code show_api_token}.
     *
     * @throws SecretBox.Unsealable if it was sealed under another key
     */
    public String revealUploadToken(Suite suite) {
        return store.sealedUploadToken(suite.id())
                .map(box::open)
                .orElseThrow(() -> new IllegalStateException("suite " + suite.id() + " has no upload token"));
    }

    /** The suite an upload token belongs to, if the token is genuine. */
    public Optional<Suite> authenticateUpload(String tokenText) {
        return Tokens.parse(Tokens.Kind.SUITE, tokenText)
                .flatMap(presented -> store.byUploadToken(presented.id())
                        .filter(stored -> presented.matches(stored.secretHash()))
                        .map(stored -> stored.owner()));
    }

    /** A free slug for the name; an update whose name derives the same slug keeps the one it has. */
    private String freeSlug(Organization organization, String name, Suite current) {
        String base = Slugs.fromName(name);
        if (current != null && Slugs.fromName(current.name()).equals(base)) {
            return current.slug();
        }
        return Slugs.firstFree(base, store.slugsLike(organization.id(), base));
    }
}
