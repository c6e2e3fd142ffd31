-- Location imports: one row per spreadsheet (uploaded, dropped in the blob container, or in the local drop folder).
-- brand_id is NULL only for a blob whose folder names no known brand (the job is recorded as failed).
CREATE TABLE import_jobs (
    id              uuid PRIMARY KEY,
    brand_id        uuid REFERENCES brands (id) ON DELETE CASCADE,
    status          text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    dry_run         boolean NOT NULL DEFAULT false,
    source          text NOT NULL CHECK (source IN ('upload', 'blob', 'dropFolder')),
    file_name       text NOT NULL,
    content_hash    bytea,
    size            bigint NOT NULL DEFAULT 0,
    total_rows      integer NOT NULL DEFAULT 0,
    processed_rows  integer NOT NULL DEFAULT 0,
    created         integer NOT NULL DEFAULT 0,
    updated         integer NOT NULL DEFAULT 0,
    unchanged       integer NOT NULL DEFAULT 0,
    failed          integer NOT NULL DEFAULT 0,
    errors          jsonb NOT NULL DEFAULT '[]',
    message         text,
    -- Set when the file was identical to the brand's last applied import and was therefore not applied again.
    duplicate_of    uuid REFERENCES import_jobs (id) ON DELETE SET NULL,
    created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX import_jobs_brand_created_idx ON import_jobs (brand_id, created_at DESC, id);
CREATE INDEX import_jobs_created_idx ON import_jobs (created_at DESC, id);
-- "Was this exact file the brand's last applied import?"
CREATE INDEX import_jobs_applied_idx ON import_jobs (brand_id, finished_at DESC)
    WHERE status = 'succeeded' AND NOT dry_run AND duplicate_of IS NULL;

-- The full list of row errors (import_jobs.errors keeps the first 100 for the job's JSON).
CREATE TABLE import_errors (
    import_id  uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    "row"      integer NOT NULL,
    "column"   text NOT NULL,
    message    text NOT NULL,
    value      text,
    PRIMARY KEY (import_id, seq)
);
