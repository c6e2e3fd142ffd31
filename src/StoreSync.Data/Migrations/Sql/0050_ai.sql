-- AI drafting: campaign embeddings for similarity search, per-brand daily token usage, bulk generation jobs.

-- One embedding per campaign, of the configured model. The column's dimension is fixed; the app refuses to start
-- with a provider model of another dimension. location_id is copied so location-scoped searches filter inside
-- the index scan instead of after the LIMIT.
CREATE TABLE campaign_embeddings (
    campaign_id   uuid PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    brand_id      uuid NOT NULL,
    location_id   uuid NOT NULL,
    model         text NOT NULL,
    content_hash  bytea NOT NULL,
    embedding     vector(1536) NOT NULL,
    embedded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_embeddings_embedding_idx ON campaign_embeddings USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX campaign_embeddings_brand_model_idx ON campaign_embeddings (brand_id, model);
CREATE INDEX campaign_embeddings_model_idx ON campaign_embeddings (model);

-- Campaigns whose embedded text (name + content) may have changed. Filled by statement triggers, so whichever
-- feature writes campaigns needs no AI code; drained in bounded batches by the embedding backfill. A claim is a
-- short lease (claimed_until); a change while a batch is embedding re-queues the row (queued_at moves), and the
-- batch then leaves it queued for the next run.
CREATE TABLE campaign_embedding_queue (
    campaign_id    uuid PRIMARY KEY,
    queued_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    claimed_until  timestamptz
);
CREATE INDEX campaign_embedding_queue_queued_idx ON campaign_embedding_queue (queued_at);

CREATE FUNCTION campaign_embedding_enqueue_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_embedding_queue (campaign_id)
    SELECT id FROM new_rows
    ON CONFLICT (campaign_id) DO UPDATE SET queued_at = clock_timestamp(), claimed_until = NULL;
    RETURN NULL;
END $$;

CREATE FUNCTION campaign_embedding_enqueue_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_embedding_queue (campaign_id)
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.name IS DISTINCT FROM o.name
       OR n.rendered_content IS DISTINCT FROM o.rendered_content
       OR n.generated_content IS DISTINCT FROM o.generated_content
       OR n.brand_id IS DISTINCT FROM o.brand_id
       OR n.location_id IS DISTINCT FROM o.location_id
    ON CONFLICT (campaign_id) DO UPDATE SET queued_at = clock_timestamp(), claimed_until = NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER campaigns_embedding_enqueue_insert AFTER INSERT ON campaigns
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_embedding_enqueue_inserted();
CREATE TRIGGER campaigns_embedding_enqueue_update AFTER UPDATE ON campaigns
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_embedding_enqueue_updated();

INSERT INTO campaign_embedding_queue (campaign_id) SELECT id FROM campaigns ON CONFLICT DO NOTHING;

-- Tokens the AI provider reported, per brand per UTC day: the daily budget is checked against this.
CREATE TABLE ai_usage (
    brand_id           uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    day                date NOT NULL,
    prompt_tokens      bigint NOT NULL DEFAULT 0,
    completion_tokens  bigint NOT NULL DEFAULT 0,
    total_tokens       bigint NOT NULL DEFAULT 0,
    requests           integer NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, day)
);

-- Bulk generation jobs, run by an in-process worker. Items are processed in array order and `processed` is the
-- resume point: a job whose worker died (heartbeat too old) is claimed again and continues where it stopped.
CREATE TABLE ai_jobs (
    id            uuid PRIMARY KEY,
    kind          text NOT NULL DEFAULT 'generate',
    status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    instructions  text,
    campaign_ids  uuid[] NOT NULL,
    total         integer NOT NULL,
    processed     integer NOT NULL DEFAULT 0,
    succeeded     integer NOT NULL DEFAULT 0,
    failed        integer NOT NULL DEFAULT 0,
    errors        jsonb NOT NULL DEFAULT '[]',
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    heartbeat_at  timestamptz
);
CREATE INDEX ai_jobs_open_idx ON ai_jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX ai_jobs_created_by_idx ON ai_jobs (created_by, created_at DESC);
