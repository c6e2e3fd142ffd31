-- Audit viewer (issue 16): newest first, paged, for all brands (admins) or a set of brands (brand managers).
-- (at DESC, id DESC) is the order of every page, so an index range delivers it without a sort; id breaks ties in `at`
-- (bulk actions write many rows with the same timestamp) and lets a client page by keyset (at, id) as well.
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_brand_at_id_idx ON audit_log (brand_id, at DESC, id DESC);
CREATE INDEX audit_log_actor_at_idx ON audit_log (actor_id, at DESC, id DESC) WHERE actor_id IS NOT NULL;
DROP INDEX audit_log_brand_at_idx; -- the one above serves every query this one did

-- Personal iCalendar feed tokens: one per user (issuing a new one replaces, and so revokes, the old). Only the SHA-256
-- of the token is stored; the feed URL is the secret.
CREATE TABLE calendar_tokens (
    user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    CONSTRAINT calendar_tokens_hash_key UNIQUE (token_hash)
);
