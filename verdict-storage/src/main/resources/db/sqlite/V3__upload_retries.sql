-- An upload whose processing failed is tried again after a delay, behind the uploads queued
-- meanwhile: workers take the queued upload that is due first. A new upload is due when queued.
ALTER TABLE uploads ADD COLUMN due_at bigint NOT NULL DEFAULT 0;
UPDATE uploads SET due_at = created_at;
CREATE INDEX uploads_due ON uploads (due_at, id) WHERE state = 'queued';
