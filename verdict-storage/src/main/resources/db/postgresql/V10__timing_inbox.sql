-- Each processed upload's durations by file (FileTimings.encode), written in the upload's own
-- transaction so they are kept with it, and counted into file_timings later, several uploads at
-- a time, by the background fold or by the next plan of the suite. Counting them in each upload
-- made two uploads of a branch take the same few hundred rows in turn.
CREATE TABLE timing_inbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- the order they are counted in
    suite_id   uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch     text   NOT NULL, -- '' for runs without one
    run_id     uuid   NOT NULL,
    durations  text   NOT NULL,
    created_at bigint NOT NULL
);
CREATE INDEX timing_inbox_by_suite ON timing_inbox (suite_id, id);
