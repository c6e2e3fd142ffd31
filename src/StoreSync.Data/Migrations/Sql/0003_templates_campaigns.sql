CREATE TABLE templates (
    id             uuid PRIMARY KEY,
    brand_id       uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    name           text NOT NULL,
    description    text,
    campaign_type  text NOT NULL DEFAULT 'promotion',
    content        text NOT NULL,
    variables      jsonb NOT NULL DEFAULT '[]',
    is_active      boolean NOT NULL DEFAULT true,
    version        integer NOT NULL DEFAULT 1,
    created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX templates_brand_name_idx ON templates (brand_id, lower(name), id);
CREATE INDEX templates_search_trgm_idx ON templates USING gin (lower(name || ' ' || coalesce(description, '')) gin_trgm_ops);

CREATE TABLE campaigns (
    id                 uuid PRIMARY KEY,
    brand_id           uuid NOT NULL REFERENCES brands (id) ON DELETE RESTRICT,
    location_id        uuid NOT NULL REFERENCES locations (id) ON DELETE RESTRICT,
    template_id        uuid NOT NULL REFERENCES templates (id) ON DELETE RESTRICT,
    name               text NOT NULL,
    customizations     jsonb NOT NULL DEFAULT '{}',
    rendered_content   text NOT NULL,
    generated_content  text,
    generation         jsonb,
    status             text NOT NULL DEFAULT 'draft' CHECK (status IN
                         ('draft', 'pendingReview', 'approved', 'rejected', 'scheduled', 'active', 'completed', 'cancelled')),
    scheduled_start    timestamptz,
    scheduled_end      timestamptz,
    submitted_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    submitted_at       timestamptz,
    created_by         uuid REFERENCES users (id) ON DELETE SET NULL,
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT campaigns_schedule_order CHECK (scheduled_start IS NULL OR scheduled_end IS NULL OR scheduled_start < scheduled_end)
);
CREATE INDEX campaigns_brand_created_idx ON campaigns (brand_id, created_at DESC, id DESC);
CREATE INDEX campaigns_brand_status_created_idx ON campaigns (brand_id, status, created_at DESC, id DESC);
CREATE INDEX campaigns_location_idx ON campaigns (location_id, created_at DESC);
CREATE INDEX campaigns_template_idx ON campaigns (template_id);
CREATE INDEX campaigns_brand_start_idx ON campaigns (brand_id, scheduled_start);
CREATE INDEX campaigns_search_trgm_idx ON campaigns USING gin (lower(name || ' ' || rendered_content) gin_trgm_ops);
-- The lifecycle sweep's due queries: tiny partial indexes, so an idle sweep over millions of rows is an index probe.
CREATE INDEX campaigns_due_start_idx ON campaigns (scheduled_start) WHERE status = 'scheduled';
CREATE INDEX campaigns_due_end_idx ON campaigns (scheduled_end) WHERE status = 'active';
CREATE INDEX campaigns_pending_review_idx ON campaigns (brand_id, submitted_at) WHERE status = 'pendingReview';

CREATE TABLE campaign_history (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id  uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    from_status  text,
    to_status    text NOT NULL,
    action       text NOT NULL,
    actor_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    comment      text,
    at           timestamptz NOT NULL
);
CREATE INDEX campaign_history_campaign_idx ON campaign_history (campaign_id, at DESC, id DESC);
CREATE INDEX campaign_history_action_at_idx ON campaign_history (action, at);
