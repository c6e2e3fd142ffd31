-- Rollout reminders and mentions are in-app notifications like the others (the mail feature mails them when a
-- user's preferences allow). The kind list is the whole list so far plus the two kinds of this feature.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'reminder', 'digest', 'unscheduledStart',
    'campaignApproved', 'campaignRejected', 'campaignScheduled', 'campaignActivated', 'campaignCompleted', 'campaignCancelled',
    'mention', 'rolloutReminder'));

-- GET /rollouts?brandId&q: name search within a brand's rollouts (the brand/created_at index serves the page order).
CREATE INDEX rollouts_name_trgm_idx ON rollouts USING gin (lower(name) gin_trgm_ops);

-- Comments on a campaign, shown with its workflow history. brand_id is the campaign's (scope goes into the predicate).
CREATE TABLE campaign_comments (
    id           uuid PRIMARY KEY,
    campaign_id  uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    brand_id     uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    author_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    body         text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    created_at   timestamptz NOT NULL
);
CREATE INDEX campaign_comments_campaign_idx ON campaign_comments (campaign_id, created_at DESC, id DESC);

-- The @username autocomplete is a prefix match on the lower-cased name; text_pattern_ops lets LIKE 'abc%' use a btree
-- whatever the database's collation.
CREATE INDEX users_username_prefix_idx ON users (lower(username) text_pattern_ops);
