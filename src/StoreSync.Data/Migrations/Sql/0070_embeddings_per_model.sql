-- Embeddings of any model and dimension in one table, never compared across models. The column loses its fixed
-- dimension; each (model, dimension) gets its own partial HNSW index over embedding cast to vector(N), and similarity
-- queries filter on the model and the dimension and cast the same way, so the planner matches that index (and only
-- that model's rows). A change of model or dimension re-embeds every campaign (the backfill), and the backfill
-- creates the new pair's index before it stores the first vector.

DROP INDEX IF EXISTS campaign_embeddings_embedding_idx;
ALTER TABLE campaign_embeddings ALTER COLUMN embedding TYPE vector;
-- Stored, so filters on the dimension never detoast a vector.
ALTER TABLE campaign_embeddings ADD COLUMN dimensions integer GENERATED ALWAYS AS (vector_dims(embedding)) STORED;

-- The index name is derived from the model and dimension, so every caller (this migration, the app) agrees on it.
CREATE FUNCTION campaign_embeddings_index_name(p_model text, p_dims integer) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'campaign_embeddings_hnsw_' || left(md5(p_model || '/' || p_dims), 16) $$;

-- Creates the model's HNSW index unless it exists; true when it created it. HNSW indexes vectors of at most 2000
-- dimensions: wider models are ranked exactly (false). Serialised per index, so concurrent callers do not collide.
CREATE FUNCTION campaign_embeddings_ensure_index(p_model text, p_dims integer) RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    idx text := campaign_embeddings_index_name(p_model, p_dims);
BEGIN
    IF p_dims < 1 OR p_dims > 2000 THEN RETURN false; END IF;
    PERFORM pg_advisory_xact_lock(hashtext(idx));
    IF to_regclass(quote_ident(idx)) IS NOT NULL THEN RETURN false; END IF;
    EXECUTE format('CREATE INDEX %I ON campaign_embeddings USING hnsw ((embedding::vector(%s)) vector_cosine_ops) '
                   'WITH (m = 16, ef_construction = 64) WHERE model = %L AND dimensions = %s', idx, p_dims, p_model, p_dims);
    RETURN true;
END $$;

-- The models already stored keep an index. The pairs are read into an array first: CREATE INDEX refuses a table that
-- a statement of the same session is still scanning (55006), as a SELECT over campaign_embeddings calling it would be.
DO $$
DECLARE
    pairs text[][];
    i integer;
BEGIN
    SELECT array_agg(ARRAY[model, dimensions::text]) INTO pairs
    FROM (SELECT DISTINCT model, dimensions FROM campaign_embeddings) m;
    IF pairs IS NULL THEN RETURN; END IF;
    FOR i IN 1 .. array_length(pairs, 1) LOOP
        PERFORM campaign_embeddings_ensure_index(pairs[i][1], pairs[i][2]::integer);
    END LOOP;
END $$;
