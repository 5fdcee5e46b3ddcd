package dev.verdict.core.access;

import dev.verdict.core.Ids;
import dev.verdict.core.Timestamps;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** Issuing and checking API access tokens: the only place that knows how a token is verified. */
public final class AccessTokens {
    private final AccessStore store;
    private final Clock clock;

    public AccessTokens(AccessStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Issues a token; the returned text is the only copy of the secret that will ever exist. */
    public String create(Organization organization, Set<Scope> scopes, Optional<String> description) {
        Tokens.Issued issued = Tokens.issue(Tokens.Kind.ACCESS, Ids.uuid7());
        store.insertToken(
                new AccessToken(issued.id(), organization, Set.copyOf(scopes), description, Timestamps.now(clock)),
                issued.secretHash());
        return issued.text();
    }

    public Optional<AccessToken> authenticate(String text) {
        return Tokens.parse(Tokens.Kind.ACCESS, text)
                .flatMap(presented -> store.token(presented.id())
                        .filter(stored -> presented.matches(stored.secretHash()))
                        .map(stored -> stored.owner()));
    }
}
