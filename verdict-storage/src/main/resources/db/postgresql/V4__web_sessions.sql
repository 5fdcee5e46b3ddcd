-- Signed-in browsers. The cookie holds the session's id, sealed; the row names the API access token
-- the session acts with by the token's id (the token itself is never stored). Signing out deletes
-- the row, so a copied cookie stops working; revoking the token deletes its rows.
CREATE TABLE web_sessions (
    id               uuid   PRIMARY KEY,
    access_token_id  uuid   NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
    user_agent       text,
    created_at       bigint NOT NULL,
    expires_at       bigint NOT NULL,
    last_seen_at     bigint NOT NULL
);
-- A token's sessions: the sessions page, signing out everywhere, revoking.
CREATE INDEX web_sessions_by_token ON web_sessions (access_token_id);
