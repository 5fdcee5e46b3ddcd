-- Upload health (GET .../suites/{suite}/uploads and its page): a suite's recent uploads, newest
-- first. One index entry per upload, and an upload holds up to 5000 results, so ingest does not feel it.
CREATE INDEX uploads_by_suite ON uploads (suite_id, created_at, id);
