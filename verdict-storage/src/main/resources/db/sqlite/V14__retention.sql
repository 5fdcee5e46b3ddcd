-- Retention needs nothing new on SQLite: expired runs are found by runs_by_time, their executions
-- by executions_by_run and deleted in small batches (PostgreSQL's version 14 partitions them by
-- week instead). Kept so both engines are at the same version.
SELECT 1;
