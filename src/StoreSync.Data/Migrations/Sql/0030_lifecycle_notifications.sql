-- Lifecycle sweep: one row per run (the status endpoint reads the latest; old rows are pruned by the sweep).
CREATE TABLE lifecycle_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    is_past_due     boolean NOT NULL DEFAULT false,
    activated       integer NOT NULL DEFAULT 0,
    completed       integer NOT NULL DEFAULT 0,
    failed          integer NOT NULL DEFAULT 0,
    batches         integer NOT NULL DEFAULT 0,
    reminders_sent  integer NOT NULL DEFAULT 0,
    digests_sent    integer NOT NULL DEFAULT 0,
    flagged         integer NOT NULL DEFAULT 0,
    duration_ms     integer,
    stopped_early   boolean NOT NULL DEFAULT false
);
CREATE INDEX lifecycle_runs_started_idx ON lifecycle_runs (started_at DESC);

-- A system transition's history row keeps the instant it was due (scheduled_start / scheduled_end) next to `at`,
-- which is when the sweep applied it: after downtime the two differ, and both are true.
ALTER TABLE campaign_history ADD COLUMN due_at timestamptz;

-- Approved campaigns whose start passed without being scheduled are flagged once (and their managers told).
ALTER TABLE campaigns ADD COLUMN unscheduled_flagged_at timestamptz;
CREATE INDEX campaigns_unscheduled_start_idx ON campaigns (scheduled_start)
    WHERE status = 'approved' AND unscheduled_flagged_at IS NULL;

CREATE TABLE notifications (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    brand_id     uuid REFERENCES brands (id) ON DELETE CASCADE,  -- NULL for a digest, which spans the user's brands
    kind         text NOT NULL CHECK (kind IN ('reminder', 'digest', 'unscheduledStart')),
    title        text NOT NULL,
    body         text NOT NULL,
    campaign_id  uuid REFERENCES campaigns (id) ON DELETE CASCADE,
    -- "At most once" is this key, e.g. reminder:{user}:{campaign}:{submittedAt}:{interval number}, digest:{user}:{date}.
    dedupe_key   text NOT NULL,
    created_at   timestamptz NOT NULL,
    read_at      timestamptz,
    CONSTRAINT notifications_dedupe_key UNIQUE (dedupe_key)
);
-- GET /notifications: the caller's own, unread first, newest first.
CREATE INDEX notifications_user_list_idx ON notifications (user_id, (read_at IS NULL) DESC, created_at DESC, id DESC);
CREATE INDEX notifications_user_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_campaign_idx ON notifications (campaign_id) WHERE campaign_id IS NOT NULL;

-- The daily digest is produced by the first sweep of each UTC day; this row is that claim.
CREATE TABLE lifecycle_digest_days (
    day      date PRIMARY KEY,
    sent_at  timestamptz NOT NULL
);
