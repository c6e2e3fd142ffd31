-- E-mail (issue 16 #3): per-user preferences and time zone, and an outbox that every in-app notification the
-- recipient's preferences allow is queued into, by a trigger in the notification's own transaction, so notices written
-- by any feature (now or later) get their mail without a hook in that feature.
ALTER TABLE users
    ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
    ADD COLUMN mail_review_requests boolean NOT NULL DEFAULT true,
    ADD COLUMN mail_decisions boolean NOT NULL DEFAULT true,
    ADD COLUMN mail_mentions boolean NOT NULL DEFAULT true,
    ADD COLUMN mail_digest boolean NOT NULL DEFAULT true;

-- A mail is its notification's fields at queue time (the sender renders text and HTML from them); the dedupe key is the
-- notification's, so each is queued once. Delivery: claimed_until is a short lease (a crashed sender's claim lapses),
-- attempts/next_attempt_at the retry schedule, dead_at the dead letter after Mail:MaxAttempts failures.
CREATE TABLE mail_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id  uuid,
    user_id          uuid REFERENCES users (id) ON DELETE CASCADE,
    recipient        text NOT NULL,
    recipient_name   text NOT NULL,
    kind             text NOT NULL,
    preference       text NOT NULL,
    subject          text NOT NULL,
    body             text NOT NULL,
    campaign_id      uuid,
    brand_id         uuid,
    dedupe_key       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    sent_at          timestamptz,
    dead_at          timestamptz,
    last_error       text,
    CONSTRAINT mail_outbox_dedupe_key UNIQUE (dedupe_key)
);
-- The sender's claim: what is due, oldest first. Sent and dead mails leave the index.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at, id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX mail_outbox_dead_idx ON mail_outbox (dead_at DESC) WHERE dead_at IS NOT NULL;

-- Which preference (notificationPreferences.email.*) lets a kind of notification out by mail. Kinds not named here
-- (added later by other features) count as decisions: news about the recipient's own work.
CREATE FUNCTION mail_preference_of(kind text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN kind IN ('reminder', 'unscheduledStart', 'reviewRequest') THEN 'reviewRequests'
        WHEN kind = 'mention' THEN 'mentions'
        WHEN kind = 'digest' THEN 'digest'
        ELSE 'decisions'
    END
$$;

CREATE FUNCTION notifications_queue_mail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mail_outbox (notification_id, user_id, recipient, recipient_name, kind, preference, subject, body,
                             campaign_id, brand_id, dedupe_key, created_at, next_attempt_at)
    SELECT n.id, n.user_id, u.email, coalesce(nullif(u.display_name, ''), u.username), n.kind, p.preference, n.title, n.body,
           n.campaign_id, n.brand_id, 'notification:' || n.dedupe_key, n.created_at, now()
    FROM new_notifications n
    JOIN users u ON u.id = n.user_id
    CROSS JOIN LATERAL (SELECT mail_preference_of(n.kind) AS preference) p
    WHERE u.is_active AND coalesce(u.email, '') <> ''
      AND CASE p.preference
              WHEN 'reviewRequests' THEN u.mail_review_requests
              WHEN 'mentions' THEN u.mail_mentions
              WHEN 'digest' THEN u.mail_digest
              ELSE u.mail_decisions
          END
    ON CONFLICT (dedupe_key) DO NOTHING;
    -- Delivered at commit, and only then: the sender listening on this channel sends at once after the notice commits.
    IF FOUND THEN
        PERFORM pg_notify('mail_outbox', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER notifications_queue_mail
    AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS new_notifications
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_queue_mail();
