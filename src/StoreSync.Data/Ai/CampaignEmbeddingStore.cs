using Dapper;
using Npgsql;
using Pgvector;

namespace StoreSync.Data.Ai;

/// <summary>A queued campaign's text to embed, with the queue stamp that proves nobody changed it meanwhile.</summary>
public sealed record EmbeddingWork(Guid CampaignId, Guid BrandId, Guid LocationId, string Name, string Content, DateTime QueuedAt);

public sealed record EmbeddingRow(Guid CampaignId, Guid BrandId, Guid LocationId, byte[] ContentHash, float[] Embedding);

public sealed record SimilarCampaignRow(Guid CampaignId, string Name, Guid BrandId, Guid LocationId, string LocationName,
    string Status, double Similarity, string Snippet);

/// <summary>What a similarity query may see: brands (null = all), locations (null = not limited), statuses (null = any).</summary>
public sealed record SimilarityFilter(Guid[]? BrandIds, Guid[]? LocationIds = null, string[]? Statuses = null, Guid? Exclude = null,
    double MinSimilarity = 0);

/// <summary>
/// campaign_embeddings and its work queue. Vectors travel as <see cref="Vector"/> (the Pgvector package; the data source
/// has <c>UseVector()</c>). The column has no fixed dimension (migration 0070): a vector belongs to a model at a dimension,
/// every query names both, and similarity casts to the dimension (<c>embedding::vector(N)</c>), the expression of that
/// pair's partial HNSW index.
/// </summary>
public sealed class CampaignEmbeddingStore(NpgsqlDataSource db)
{
    static CampaignEmbeddingStore() => VectorTypeHandler.Register();

    /// <summary>
    /// Creates the partial HNSW index of <paramref name="model"/> at <paramref name="dimensions"/> unless it exists
    /// (true when created). Cheap for a new model: the index starts with that model's rows, usually none.
    /// </summary>
    public async Task<bool> EnsureIndexAsync(string model, int dimensions, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT campaign_embeddings_ensure_index(@model, @dimensions)", new { model, dimensions }, cancellationToken: ct, commandTimeout: 600));
    }

    /// <summary>The name of the model's HNSW index (whether or not it exists).</summary>
    public async Task<string> IndexNameAsync(string model, int dimensions, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT campaign_embeddings_index_name(@model, @dimensions)", new { model, dimensions }, cancellationToken: ct)) ?? "";
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> queued campaigns (oldest first) for <paramref name="lease"/>; rows leased by a
    /// crashed worker become claimable again when the lease runs out. Queue rows of deleted campaigns are dropped.
    /// </summary>
    public async Task<IReadOnlyList<EmbeddingWork>> ClaimAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var claimed = (await conn.QueryAsync<EmbeddingWork>(new CommandDefinition("""
            WITH claim AS (
                SELECT campaign_id FROM campaign_embedding_queue
                WHERE claimed_until IS NULL OR claimed_until < now()
                ORDER BY queued_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE campaign_embedding_queue q SET claimed_until = now() + @lease
                FROM claim WHERE q.campaign_id = claim.campaign_id
                RETURNING q.campaign_id, q.queued_at)
            SELECT l.campaign_id, c.brand_id, c.location_id, c.name, coalesce(c.generated_content, c.rendered_content) AS content, l.queued_at
            FROM leased l JOIN campaigns c ON c.id = l.campaign_id
            """, new { limit, lease }, tx, cancellationToken: ct))).ToList();
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM campaign_embedding_queue q
            WHERE q.claimed_until IS NOT NULL AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = q.campaign_id)
            """, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return claimed;
    }

    /// <summary>
    /// Stores the embeddings and removes their queue rows, except rows re-queued since the claim (their text
    /// changed while we embedded): those stay for the next batch.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<EmbeddingRow> rows, IReadOnlyList<EmbeddingWork> claimed, string model, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (rows.Count > 0)
        {
            // One statement for the batch: the vectors go in as one vector[] beside the other columns.
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO campaign_embeddings (campaign_id, brand_id, location_id, model, content_hash, embedding, embedded_at)
                SELECT r.campaign_id, r.brand_id, r.location_id, @model, r.content_hash, r.embedding, now()
                FROM unnest(@ids, @brandIds, @locationIds, @hashes, @embeddings) AS r (campaign_id, brand_id, location_id, content_hash, embedding)
                -- FOR KEY SHARE waits for a concurrent delete of the campaign and then skips it, where a plain EXISTS would
                -- see the old snapshot and the foreign key would fail the whole batch.
                WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = r.campaign_id FOR KEY SHARE)
                ON CONFLICT (campaign_id) DO UPDATE SET brand_id = excluded.brand_id, location_id = excluded.location_id,
                    model = excluded.model, content_hash = excluded.content_hash, embedding = excluded.embedding, embedded_at = excluded.embedded_at
                """, new
            {
                model,
                ids = rows.Select(r => r.CampaignId).ToArray(),
                brandIds = rows.Select(r => r.BrandId).ToArray(),
                locationIds = rows.Select(r => r.LocationId).ToArray(),
                hashes = rows.Select(r => r.ContentHash).ToArray(),
                embeddings = rows.Select(r => new Vector(r.Embedding)).ToArray(),
            }, tx, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM campaign_embedding_queue q
            USING unnest(@ids, @queuedAt) AS d (campaign_id, queued_at)
            WHERE q.campaign_id = d.campaign_id AND q.queued_at = d.queued_at
            """, new { ids = claimed.Select(c => c.CampaignId).ToArray(), queuedAt = claimed.Select(c => c.QueuedAt).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Gives leased rows back (the provider failed): they are retried by a later run.</summary>
    public async Task ReleaseAsync(IReadOnlyList<EmbeddingWork> claimed, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE campaign_embedding_queue SET claimed_until = NULL WHERE campaign_id = ANY(@ids)",
            new { ids = claimed.Select(c => c.CampaignId).ToArray() }, cancellationToken: ct));
    }

    /// <summary>Content hashes already stored for the model (so unchanged text is not embedded again).</summary>
    public async Task<Dictionary<Guid, byte[]>> HashesAsync(Guid[] campaignIds, string model, int dimensions, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(Guid CampaignId, byte[] ContentHash)>(new CommandDefinition("""
            SELECT campaign_id, content_hash FROM campaign_embeddings
            WHERE campaign_id = ANY(@campaignIds) AND model = @model AND dimensions = @dimensions
            """, new { campaignIds, model, dimensions }, cancellationToken: ct));
        return rows.ToDictionary(r => r.CampaignId, r => r.ContentHash);
    }

    /// <summary>
    /// Queues campaigns that have no embedding of <paramref name="model"/> at <paramref name="dimensions"/> (never
    /// embedded, or embedded by a model or at a dimension that is no longer configured), up to <paramref name="limit"/>.
    /// Returns how many were queued.
    /// </summary>
    public async Task<int> EnqueueMissingAsync(string model, int dimensions, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaign_embedding_queue (campaign_id)
            SELECT c.id FROM campaigns c
            WHERE NOT EXISTS (SELECT 1 FROM campaign_embeddings e
                              WHERE e.campaign_id = c.id AND e.model = @model AND e.dimensions = @dimensions)
              AND NOT EXISTS (SELECT 1 FROM campaign_embedding_queue q WHERE q.campaign_id = c.id)
            LIMIT @limit
            ON CONFLICT (campaign_id) DO NOTHING
            """, new { model, dimensions, limit }, cancellationToken: ct));
    }

    public async Task<float[]?> FindAsync(Guid campaignId, string model, int dimensions, byte[] contentHash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var vector = await conn.ExecuteScalarAsync<Vector?>(new CommandDefinition("""
            SELECT embedding FROM campaign_embeddings
            WHERE campaign_id = @campaignId AND model = @model AND dimensions = @dimensions AND content_hash = @contentHash
            """, new { campaignId, model, dimensions, contentHash }, cancellationToken: ct));
        return vector?.ToArray();
    }

    /// <summary>
    /// Nearest campaigns by cosine distance among the model's embeddings. Every filter sits inside the query, before
    /// ORDER BY ... LIMIT. Small candidate sets (at most <paramref name="exactMaxRows"/>, e.g. one location's campaigns)
    /// are ranked exactly through the (brand_id, model) btree. Larger ones go through HNSW with iterative scans
    /// (pgvector 0.8), which keep scanning until k rows pass the filter; there the planner must be kept from the exact
    /// plan, which it costs too cheaply because it does not count detoasting one 6 kB vector per row (a 10,000-campaign
    /// brand: ~100-300 ms exact against ~5 ms HNSW, measured in bench "ai").
    /// </summary>
    public async Task<IReadOnlyList<SimilarCampaignRow>> NearestAsync(float[] query, string model, SimilarityFilter filter, int limit,
        int efSearch, int exactMaxRows, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One round trip: a two-statement batch is one implicit transaction (one Sync), so the transaction-local settings
        // of the first statement apply to the second, which is planned only after the first has run.
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(SearchSettingsSql + ";\n" + NearestSql(query.Length), new
        {
            q = new Vector(query), model, brandIds = filter.BrandIds, locationIds = filter.LocationIds, statuses = filter.Statuses,
            exclude = filter.Exclude, limit, maxDistance = 1 - filter.MinSimilarity,
            efSearch = Math.Clamp(efSearch, 1, 1000).ToString(), exactMaxRows, cap = exactMaxRows + 1,
        }, cancellationToken: ct));
        await results.ReadAsync();
        return (await results.ReadAsync<SimilarCampaignRow>()).ToList();
    }

    // SET LOCAL by set_config(..., true). enable_sort = off steers the planner to the HNSW index order (see NearestAsync).
    private const string SearchSettingsSql = """
        SELECT set_config('hnsw.ef_search', @efSearch, true),
               set_config('hnsw.iterative_scan', 'relaxed_order', true),
               set_config('enable_sort', CASE WHEN @brandIds::uuid[] IS NOT NULL AND (
                   SELECT count(*) FROM (
                       SELECT 1 FROM campaign_embeddings e
                       WHERE e.model = @model AND e.brand_id = ANY(@brandIds)
                         AND (@locationIds::uuid[] IS NULL OR e.location_id = ANY(@locationIds))
                       LIMIT @cap) x) <= @exactMaxRows THEN 'on' ELSE 'off' END, true)
        """;

    // relaxed_order may return neighbours slightly out of order: the outer ORDER BY restores it. Null filters fold away
    // (Npgsql sends parameters, so the plan is made for the actual values, @model included: that is what lets the
    // planner prove the partial index's `WHERE model = '...' AND dimensions = N`). `similar` is a plain
    // filtered scan of that index, whose expression is `embedding::vector(N)`: the ORDER BY casts the same way, and the
    // dimension test keeps an exact scan from casting another dimension's rows (N is an int, never user text).
    public static string NearestSql(int dimensions) => $"""
        SELECT n.campaign_id, c.name, c.brand_id, c.location_id, l.name AS location_name, c.status,
               greatest(0, least(1, 1 - n.distance)) AS similarity,
               left(coalesce(c.generated_content, c.rendered_content), 240) AS snippet
        FROM (
            SELECT e.campaign_id, e.embedding::vector({dimensions}) <=> @q AS distance
            FROM campaign_embeddings e
            WHERE e.model = @model AND e.dimensions = {dimensions}
              AND (@brandIds::uuid[] IS NULL OR e.brand_id = ANY(@brandIds))
              AND (@locationIds::uuid[] IS NULL OR e.location_id = ANY(@locationIds))
              AND (@statuses::text[] IS NULL OR EXISTS (SELECT 1 FROM campaigns s WHERE s.id = e.campaign_id AND s.status = ANY(@statuses)))
              AND (@exclude::uuid IS NULL OR e.campaign_id <> @exclude)
            ORDER BY e.embedding::vector({dimensions}) <=> @q
            LIMIT @limit) n
        JOIN campaigns c ON c.id = n.campaign_id
        JOIN locations l ON l.id = c.location_id
        WHERE n.distance <= @maxDistance
        ORDER BY n.distance, n.campaign_id
        """;
}
