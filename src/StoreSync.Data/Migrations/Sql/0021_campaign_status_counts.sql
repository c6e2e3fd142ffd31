-- Campaigns per brand and status, kept by statement-level triggers in the same transaction as every change, so a
-- list's total (brand + status filters only, the common page) and the stats' counts are a few row reads instead of
-- counting up to every campaign of a brand on each request. Only net changes touch a counter row: an edit that
-- keeps brand and status writes nothing here, so ordinary edits do not queue on a brand's counter rows.
CREATE TABLE campaign_status_counts (
    brand_id  uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    status    text NOT NULL,
    n         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, status)
);

CREATE FUNCTION campaign_status_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_status_counts AS s (brand_id, status, n)
    SELECT brand_id, status, sum(delta)
    FROM (SELECT brand_id, status, 1 AS delta FROM new_rows UNION ALL SELECT brand_id, status, -1 FROM old_rows) changes
    GROUP BY brand_id, status
    HAVING sum(delta) <> 0
    ORDER BY brand_id, status -- one lock order for every writer
    ON CONFLICT (brand_id, status) DO UPDATE SET n = s.n + EXCLUDED.n;
    RETURN NULL;
END $$;

-- A trigger has transition tables only for the events it names, so each event gets its own function.
CREATE FUNCTION campaign_status_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_status_counts AS s (brand_id, status, n)
    SELECT brand_id, status, count(*) FROM new_rows GROUP BY brand_id, status ORDER BY brand_id, status
    ON CONFLICT (brand_id, status) DO UPDATE SET n = s.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION campaign_status_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_status_counts AS s (brand_id, status, n)
    SELECT brand_id, status, -count(*) FROM old_rows GROUP BY brand_id, status ORDER BY brand_id, status
    ON CONFLICT (brand_id, status) DO UPDATE SET n = s.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE TRIGGER campaigns_status_counts_insert AFTER INSERT ON campaigns
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_status_counts_insert();
CREATE TRIGGER campaigns_status_counts_update AFTER UPDATE ON campaigns
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_status_counts_update();
CREATE TRIGGER campaigns_status_counts_delete AFTER DELETE ON campaigns
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_status_counts_delete();

INSERT INTO campaign_status_counts (brand_id, status, n)
SELECT brand_id, status, count(*) FROM campaigns GROUP BY brand_id, status;
