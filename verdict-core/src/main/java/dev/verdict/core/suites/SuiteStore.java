package dev.verdict.core.suites;

import dev.verdict.core.Credential;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.workflows.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Persistence of suites. The rules (slugs, tokens, validation) live in {@link Suites}. */
public interface SuiteStore {
    /** A suite's upload token as stored: the hash to check it, and a sealed copy to show it. */
    record UploadToken(UUID id, byte[] secretHash, String sealed) {}

    /** Thrown when an insert or update races another for the same slug. */
    final class SlugTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SlugTaken(String slug) {
            super("slug taken: " + slug);
        }
    }

    /** Suites in the organization ordered by name. */
    Page<Suite> list(UUID organizationId, PageRequest page);

    Optional<Suite> find(UUID organizationId, String slug);

    /** Slugs in the organization equal to {@code base} or starting with {@code base-}. */
    Set<String> slugsLike(UUID organizationId, String base);

    /**
     * Writes the suite with its first workflows, in one transaction.
     *
     * @throws SlugTaken if the slug is taken
     */
    void insert(Suite suite, UploadToken token, List<Workflow> workflows);

    /** @throws SlugTaken if the new slug is taken */
    void update(Suite suite);

    void delete(Suite suite);

    /** The sealed upload token of a suite, for {@code show_api_token}. */
    Optional<String> sealedUploadToken(UUID suiteId);

    /** Whether any suite, in any organization, has a sealed upload token: then its key must not be lost. */
    boolean holdsSealedUploadTokens();

    /** Gives the suite a new upload token; the old one stops working at once. */
    void replaceUploadToken(Suite suite, UploadToken token);

    /** The suite whose upload token has this id, with the token's hash. */
    Optional<Credential<Suite>> byUploadToken(UUID tokenId);
}
