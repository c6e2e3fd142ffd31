-- Campaign and template lists: one index per filter/sort the list endpoints run (verified with EXPLAIN ANALYZE in
-- bench/StoreSync.Bench/CampaignsBench.cs on 100k campaigns). Brand-scoped callers use the brand_id-leading indexes
-- of 0003 and these; admins (all brands) use the ones without brand_id.
CREATE INDEX campaigns_brand_name_idx ON campaigns (brand_id, lower(name), id);
-- sort=scheduledStart pages by (scheduled_start, id): the same index as 0003's, with the tiebreaker, so no sort step.
DROP INDEX campaigns_brand_start_idx;
CREATE INDEX campaigns_brand_start_idx ON campaigns (brand_id, scheduled_start, id);
CREATE INDEX campaigns_brand_status_start_idx ON campaigns (brand_id, status, scheduled_start, id);
CREATE INDEX campaigns_created_idx ON campaigns (created_at DESC, id DESC);
CREATE INDEX campaigns_status_created_idx ON campaigns (status, created_at DESC, id DESC);
CREATE INDEX campaigns_pending_review_all_idx ON campaigns (submitted_at, id) WHERE status = 'pendingReview';

CREATE INDEX templates_brand_type_name_idx ON templates (brand_id, campaign_type, lower(name), id);
CREATE INDEX templates_brand_created_idx ON templates (brand_id, created_at DESC, id DESC);
CREATE INDEX templates_search_content_trgm_idx ON templates USING gin (lower(name || ' ' || content) gin_trgm_ops);

-- Stats: activity per day and time to approval read history by campaign and action.
CREATE INDEX campaign_history_campaign_action_idx ON campaign_history (campaign_id, action, at);
