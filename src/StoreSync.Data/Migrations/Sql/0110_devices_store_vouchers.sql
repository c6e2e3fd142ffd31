-- Store side (issue 15): devices that call the store API, redemption batches (idempotency), vouchers.

-- A device (till, signage player, store tablet) of one location. The key is shown once; only its SHA-256 is kept,
-- like refresh tokens. Revocation sets revoked_at; the key lookup filters on it, so a revoked key fails at once.
CREATE TABLE devices (
    id            uuid PRIMARY KEY,
    brand_id      uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    location_id   uuid NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash      bytea NOT NULL,
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz,
    revoked_at    timestamptz,
    CONSTRAINT devices_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX devices_location_idx ON devices (location_id, created_at) WHERE revoked_at IS NULL;

-- One row per (device, batchId): the unique key is the idempotency guard; the stored answer is replayed.
CREATE TABLE redemption_batches (
    device_id     uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    batch_id      text NOT NULL,
    request_hash  bytea NOT NULL,
    response      text,                 -- the answer as sent, replayed byte for byte
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, batch_id)
);

-- Single-use voucher codes of a campaign. used_at is set once, by a conditional UPDATE in the redemption's transaction.
CREATE TABLE vouchers (
    id              uuid PRIMARY KEY,
    brand_id        uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    campaign_id     uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    code            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz,
    used_at         timestamptz,
    used_device_id  uuid REFERENCES devices (id) ON DELETE SET NULL,
    CONSTRAINT vouchers_code_key UNIQUE (code)
);
-- The voucher list pages by code within a campaign, filtered by used or unused.
CREATE INDEX vouchers_campaign_code_idx ON vouchers (campaign_id, (used_at IS NOT NULL), code);

ALTER TABLE redemptions
    ADD CONSTRAINT redemptions_device_fk FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE SET NULL,
    ADD CONSTRAINT redemptions_voucher_fk FOREIGN KEY (voucher_id) REFERENCES vouchers (id) ON DELETE SET NULL;
-- A voucher is redeemed at most once, whatever the code path.
CREATE UNIQUE INDEX redemptions_voucher_key ON redemptions (voucher_id) WHERE voucher_id IS NOT NULL;
CREATE INDEX redemptions_device_batch_idx ON redemptions (device_id, batch_id) WHERE device_id IS NOT NULL;

-- The store feed and the public page: a location's campaigns in the states that can be live or upcoming, by start.
CREATE INDEX campaigns_location_feed_idx ON campaigns (location_id, scheduled_start)
    INCLUDE (id, status, scheduled_end, version, updated_at)
    WHERE status IN ('approved', 'scheduled', 'active');
