package dev.verdict.storage.internal;

import dev.verdict.core.access.WebSession;
import dev.verdict.core.access.WebSessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

public final class JdbcWebSessionStore implements WebSessionStore {
    /** A session with its token and organization: every page reads this, by the session's key. */
    private static final String SELECT = "SELECT s.id AS session_id, s.user_agent, s.created_at AS session_created_at,"
            + " s.expires_at, s.last_seen_at, " + JdbcAccessStore.TOKEN_COLUMNS
            + " FROM web_sessions s JOIN access_tokens t ON t.id = s.access_token_id"
            + JdbcAccessStore.TOKEN_ORGANIZATION
            + " WHERE t.revoked_at IS NULL AND ";

    private final Jdbi jdbi;
    private final Writer writer;

    public JdbcWebSessionStore(Jdbi jdbi, Writer writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    @Override
    public void insert(WebSession session) {
        writer.useTransaction(h -> h.createUpdate("INSERT INTO web_sessions"
                        + " (id, access_token_id, user_agent, created_at, expires_at, last_seen_at)"
                        + " VALUES (:id, :token, :agent, :created, :expires, :seen)")
                .bind("id", session.id().toString())
                .bind("token", session.token().id().toString())
                .bind("agent", session.userAgent().orElse(null))
                .bind("created", session.createdAt().toEpochMilli())
                .bind("expires", session.expiresAt().toEpochMilli())
                .bind("seen", session.lastSeenAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<WebSession> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "s.id = :id")
                .bind("id", id.toString())
                .map((rs, ctx) -> session(rs))
                .findOne());
    }

    @Override
    public List<WebSession> forToken(UUID tokenId) {
        return jdbi.withHandle(
                h -> h.createQuery(SELECT + "s.access_token_id = :token ORDER BY s.created_at DESC, s.id DESC")
                        .bind("token", tokenId.toString())
                        .map((rs, ctx) -> session(rs))
                        .list());
    }

    @Override
    public void touch(UUID id, Instant lastSeenAt, Instant expiresAt) {
        writer.useTransaction(h -> h.createUpdate(
                        "UPDATE web_sessions SET last_seen_at = :seen, expires_at = :expires WHERE id = :id")
                .bind("id", id.toString())
                .bind("seen", lastSeenAt.toEpochMilli())
                .bind("expires", expiresAt.toEpochMilli())
                .execute());
    }

    @Override
    public void delete(UUID id) {
        writer.useTransaction(h -> h.createUpdate("DELETE FROM web_sessions WHERE id = :id")
                .bind("id", id.toString())
                .execute());
    }

    @Override
    public void deleteForToken(UUID tokenId) {
        writer.useTransaction(h -> h.createUpdate("DELETE FROM web_sessions WHERE access_token_id = :token")
                .bind("token", tokenId.toString())
                .execute());
    }

    @Override
    public void deleteEnded(UUID tokenId, Instant now) {
        writer.useTransaction(
                h -> h.createUpdate("DELETE FROM web_sessions WHERE access_token_id = :token AND expires_at <= :now")
                        .bind("token", tokenId.toString())
                        .bind("now", now.toEpochMilli())
                        .execute());
    }

    private static WebSession session(ResultSet rs) throws SQLException {
        return new WebSession(
                Rows.uuid(rs, "session_id"),
                JdbcAccessStore.accessToken(rs),
                Rows.instant(rs, "session_created_at"),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "last_seen_at"),
                Optional.ofNullable(rs.getString("user_agent")));
    }
}
