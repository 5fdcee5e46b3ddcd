package dev.verdict.storage.internal;

import dev.verdict.core.Credential;
import dev.verdict.core.Ids;
import dev.verdict.core.access.AccessStore;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

public final class JdbcAccessStore implements AccessStore {
    private static final String ORGANIZATION_COLUMNS =
            "o.id AS org_id, o.slug AS org_slug, o.name AS org_name," + " o.created_at AS org_created_at";

    private final Jdbi jdbi;
    private final Writer writer;

    public JdbcAccessStore(Jdbi jdbi, Writer writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    @Override
    public Organization ensureOrganization(String slug) {
        // ON CONFLICT DO NOTHING makes two processes creating the same organization agree on one row.
        writer.useTransaction(h -> h.createUpdate("INSERT INTO organizations (id, slug, name, created_at)"
                        + " VALUES (:id, :slug, :slug, :now) ON CONFLICT (slug) DO NOTHING")
                .bind("id", Ids.uuid7().toString())
                .bind("slug", slug)
                .bind("now", System.currentTimeMillis())
                .execute());
        return organization(slug).orElseThrow();
    }

    @Override
    public Optional<Organization> organization(String slug) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + ORGANIZATION_COLUMNS + " FROM organizations o WHERE o.slug = :slug")
                        .bind("slug", slug)
                        .map((rs, ctx) -> organization(rs))
                        .findOne());
    }

    @Override
    public Optional<Organization> organization(UUID id) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + ORGANIZATION_COLUMNS + " FROM organizations o WHERE o.id = :id")
                        .bind("id", id.toString())
                        .map((rs, ctx) -> organization(rs))
                        .findOne());
    }

    @Override
    public void insertToken(AccessToken token, byte[] secretHash) {
        writer.useTransaction(h -> h.createUpdate("INSERT INTO access_tokens"
                        + " (id, organization_id, secret_hash, scopes, description, created_at)"
                        + " VALUES (:id, :org, :hash, :scopes, :description, :created)")
                .bind("id", token.id().toString())
                .bind("org", token.organization().id().toString())
                .bind("hash", secretHash)
                .bind(
                        "scopes",
                        token.scopes().stream().map(Scope::wireName).sorted().collect(Collectors.joining(",")))
                .bind("description", token.description().orElse(null))
                .bind("created", token.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<Credential<AccessToken>> token(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT t.secret_hash, " + TOKEN_COLUMNS + " FROM access_tokens t"
                        + TOKEN_ORGANIZATION + " WHERE t.id = :id AND t.revoked_at IS NULL")
                .bind("id", id.toString())
                .map((rs, ctx) -> new Credential<>(accessToken(rs), rs.getBytes("secret_hash")))
                .findOne());
    }

    /** What {@link #accessToken} reads, from access_tokens t and {@link #TOKEN_ORGANIZATION}; other stores join them too. */
    static final String TOKEN_COLUMNS =
            "t.id AS token_id, t.scopes, t.description, t.created_at AS token_created_at, " + ORGANIZATION_COLUMNS;

    static final String TOKEN_ORGANIZATION = " JOIN organizations o ON o.id = t.organization_id";

    static AccessToken accessToken(ResultSet rs) throws SQLException {
        return new AccessToken(
                Rows.uuid(rs, "token_id"),
                organization(rs),
                scopes(rs.getString("scopes")),
                Optional.ofNullable(rs.getString("description")),
                Rows.instant(rs, "token_created_at"));
    }

    @Override
    public void revokeToken(UUID id) {
        writer.useTransaction(h -> {
            h.createUpdate("UPDATE access_tokens SET revoked_at = :now WHERE id = :id")
                    .bind("id", id.toString())
                    .bind("now", System.currentTimeMillis())
                    .execute();
            h.createUpdate("DELETE FROM web_sessions WHERE access_token_id = :id")
                    .bind("id", id.toString())
                    .execute();
        });
    }

    private static Organization organization(ResultSet rs) throws SQLException {
        return new Organization(
                Rows.uuid(rs, "org_id"),
                rs.getString("org_slug"),
                rs.getString("org_name"),
                Rows.instant(rs, "org_created_at"));
    }

    private static Set<Scope> scopes(String stored) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(stored.split(","))
                .map(Scope::fromWireName)
                .flatMap(Optional::stream)
                .forEach(scopes::add);
        return scopes;
    }
}
