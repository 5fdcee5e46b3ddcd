-- The judgment version becomes a token drawn at random by each upload that judges the suite, with
-- the one before it kept beside it: the lock sets both in one statement and returns the one before.
-- A processing transaction may commit without waiting for its flush (see JdbcUploadStore), so a
-- crash of the database can lose a version a server has already cached; a counter would then be
-- issued again by the next upload, perhaps another server's, and the stale cache would match it.
-- A random token is never issued twice.
ALTER TABLE suites ADD COLUMN judgment_previous bigint NOT NULL DEFAULT 0;
