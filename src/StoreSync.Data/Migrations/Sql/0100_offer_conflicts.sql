-- Offer conflicts (issue 15): the campaigns with an offer at one store that compete for its tills. The conflict finder
-- reads them by location for one campaign, a review queue page or a rollout's dry run.
CREATE INDEX campaigns_location_offer_idx ON campaigns (location_id, scheduled_start)
    WHERE offer IS NOT NULL AND status IN ('pendingReview', 'approved', 'scheduled', 'active');
