-- The campaign lifecycle orchestration (issue 13). Every human transition writes one row here in its own transaction;
-- a drainer tells the campaign's orchestration (start it, or raise its event) and deletes the row only after the
-- Durable client call succeeded. A crash in between leaves the row, so the next drain delivers it (perhaps twice:
-- the orchestration ignores an event whose campaign version it has already seen).
CREATE TABLE lifecycle_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id      uuid NOT NULL,          -- no FK: a deleted campaign's row is drained as "nothing to do"
    version          integer NOT NULL,       -- the campaign's version right after the transition
    action           text NOT NULL,
    created_at       timestamptz NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text
);
-- The drainer claims oldest first among rows whose retry time has come.
CREATE INDEX lifecycle_outbox_due_idx ON lifecycle_outbox (next_attempt_at, id);

-- A campaign still waiting for review when its start passes is flagged once (approved ones have unscheduled_flagged_at).
ALTER TABLE campaigns ADD COLUMN unreviewed_flagged_at timestamptz;

-- One row per reconciliation run (the status endpoint shows the latest).
CREATE TABLE lifecycle_reconciliations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    checked      integer NOT NULL,
    healthy      integer NOT NULL,
    restarted    integer NOT NULL,
    failed       integer NOT NULL
);
CREATE INDEX lifecycle_reconciliations_started_idx ON lifecycle_reconciliations (started_at DESC);
