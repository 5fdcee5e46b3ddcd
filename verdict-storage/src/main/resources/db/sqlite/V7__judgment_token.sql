-- SQLite twin of db/postgresql/V7__judgment_token.sql: the judgment version is a random token, the
-- one before it kept beside it, so a version lost with a commit is never issued again.
ALTER TABLE suites ADD COLUMN judgment_previous integer NOT NULL DEFAULT 0;
