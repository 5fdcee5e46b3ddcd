-- Executions, range-partitioned by created_at (epoch milliseconds) a week a partition, each week
-- from Monday 00:00 UTC: retention drops an expired week whole (detached concurrently, so ingest
-- goes on) instead of deleting its rows one by one. The executions so far become one partition as
-- they are, attached rather than copied, so the migration reads them once (to check the bound)
-- and writes none; it ends where the next week begins, and its expired rows are deleted in
-- batches until the whole of it is expired. The weeks after it are created here and kept four
-- weeks ahead by the server (Partitions). There is no default partition: one would forbid
-- detaching concurrently.
ALTER TABLE executions RENAME TO executions_before;
ALTER INDEX executions_by_run RENAME TO executions_before_by_run;
-- A partitioned table's key holds its partition key.
ALTER TABLE executions_before DROP CONSTRAINT executions_pkey;
ALTER TABLE executions_before ADD CONSTRAINT executions_before_pkey PRIMARY KEY (id, created_at);

CREATE TABLE executions (LIKE executions_before INCLUDING DEFAULTS) PARTITION BY RANGE (created_at);
ALTER TABLE executions ADD PRIMARY KEY (id, created_at);
CREATE INDEX executions_by_run ON executions (run_id, result, test_id);

DO $$
DECLARE
    week   constant bigint := 7 * 86400000;
    monday constant bigint := 4 * 86400000; -- 1970-01-05, the first Monday of epoch time
    now_ms constant bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    bound  bigint := ((now_ms - monday) / week + 1) * week + monday;
BEGIN
    EXECUTE format('ALTER TABLE executions ATTACH PARTITION executions_before FOR VALUES FROM (MINVALUE) TO (%s)', bound);
    FOR i IN 0..3 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF executions FOR VALUES FROM (%s) TO (%s)',
                       'executions_' || to_char(to_timestamp(bound / 1000) AT TIME ZONE 'UTC', 'YYYYMMDD'),
                       bound, bound + week);
        bound := bound + week;
    END LOOP;
END $$;
