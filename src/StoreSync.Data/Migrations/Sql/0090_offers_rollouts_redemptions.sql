-- Shared ground for issues 15 and 16, laid first so the features built on it can be written side by side.
-- Each feature adds what only it needs in its own migration.

-- Offers (issue 15): a template's default offer and a campaign's own (template defaults overlaid by its values).
-- Stored as validated JSON in the contract's shape; the price engine reads it, nothing queries inside it.
ALTER TABLE templates ADD COLUMN offer jsonb;
ALTER TABLE campaigns ADD COLUMN offer jsonb;

-- Rollouts (issue 16): what one POST /campaigns/bulk created. Campaigns of earlier bulk calls keep rollout_id NULL.
CREATE TABLE rollouts (
    id           uuid PRIMARY KEY,
    brand_id     uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    template_id  uuid NOT NULL REFERENCES templates (id) ON DELETE RESTRICT,
    name         text NOT NULL,
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollouts_brand_created_idx ON rollouts (brand_id, created_at DESC, id DESC);
ALTER TABLE campaigns ADD COLUMN rollout_id uuid REFERENCES rollouts (id) ON DELETE SET NULL;
-- A rollout's counts by status and its per-store list are one index range each.
CREATE INDEX campaigns_rollout_status_idx ON campaigns (rollout_id, status) WHERE rollout_id IS NOT NULL;

-- Redemptions (issue 15): what tills report back. The store API writes them; analytics and AI retrieval read them.
CREATE TABLE redemptions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    brand_id      uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    campaign_id   uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    location_id   uuid NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    device_id     uuid,                     -- the store API's device; NULL for generated demo data
    batch_id      text,                     -- the device's batch it came in (idempotency is per device and batch)
    redeemed_at   timestamptz NOT NULL,
    quantity      integer NOT NULL CHECK (quantity > 0),
    basket_total  numeric(14, 4) NOT NULL CHECK (basket_total >= 0),
    discount      numeric(14, 4) NOT NULL CHECK (discount >= 0),
    voucher_id    uuid,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX redemptions_brand_at_idx ON redemptions (brand_id, redeemed_at);
CREATE INDEX redemptions_campaign_at_idx ON redemptions (campaign_id, redeemed_at);
