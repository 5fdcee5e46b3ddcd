package dev.verdict.core.access;

import dev.verdict.core.Credential;
import java.util.Optional;
import java.util.UUID;

/** Persistence of organizations and API access tokens. The token rules live in {@link AccessTokens}. */
public interface AccessStore {
    /** The organization with this slug, created first if it does not exist yet. */
    Organization ensureOrganization(String slug);

    Optional<Organization> organization(String slug);

    Optional<Organization> organization(UUID id);

    void insertToken(AccessToken token, byte[] secretHash);

    /** A live (not revoked) token with the hash of its secret. */
    Optional<Credential<AccessToken>> token(UUID id);

    /** Revokes a token and, in the same transaction, deletes its web sessions. */
    void revokeToken(UUID id);
}
