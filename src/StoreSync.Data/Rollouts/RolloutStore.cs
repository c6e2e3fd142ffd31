using System.Data.Common;
using Dapper;
using Npgsql;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Db;

namespace StoreSync.Data.Rollouts;

public sealed class RolloutRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public Guid TemplateId { get; init; }
    public string TemplateName { get; init; } = "";
    public string Name { get; init; } = "";
    public Guid? CreatedBy { get; init; }
    public string? CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class RolloutLocationRow
{
    public Guid LocationId { get; init; }
    public string LocationName { get; init; } = "";
    public string StoreNumber { get; init; } = "";
    public Guid CampaignId { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset Since { get; init; }
}

public sealed record RolloutLocationQuery(Guid RolloutId, CampaignScope Scope, string? Status, string? Q, int Offset, int Limit);

/// <summary>
/// Rollouts and what they are made of. A rollout belongs to a brand; its counts and stores are its campaigns the caller
/// can see (a location manager limited to some stores sees only those), so every campaign query carries the campaign scope.
/// </summary>
public sealed class RolloutStore(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT r.id, r.brand_id, r.template_id, t.name AS template_name, r.name, r.created_by,
               coalesce(nullif(u.display_name, ''), u.username) AS created_by_name, r.created_at
        FROM rollouts r JOIN templates t ON t.id = r.template_id LEFT JOIN users u ON u.id = r.created_by
        """;

    public static Task InsertAsync(DbConnection conn, DbTransaction tx, Guid id, Guid brandId, Guid templateId, string name, Guid createdBy,
        DateTimeOffset at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO rollouts (id, brand_id, template_id, name, created_by, created_at) VALUES (@id, @brandId, @templateId, @name, @createdBy, @at);
            INSERT INTO audit_log (at, actor_id, brand_id, action, entity, entity_id, details)
            VALUES (@at, @createdBy, @brandId, 'create', 'rollout', @id, jsonb_build_object('templateId', @templateId, 'name', @name::text));
            """, new { id, brandId, templateId, name, createdBy, at = at.UtcDateTime }, tx, cancellationToken: ct));

    /// <summary>Newest first (rollouts_brand_created_idx); a caller of one brand, or a brandId filter, walks that index in page order.</summary>
    public async Task<(IReadOnlyList<RolloutRow> Items, int Total)> ListAsync(BrandScope scope, Guid? brandId, string? q, int offset, int limit,
        CancellationToken ct)
    {
        var args = new { scope.AllBrands, scope.BrandIds, brandId, q = Like.Pattern(q), offset, limit };
        const string where = """
            WHERE (@AllBrands OR r.brand_id = ANY(@BrandIds)) AND (@brandId::uuid IS NULL OR r.brand_id = @brandId)
              AND (@q::text IS NULL OR lower(r.name) LIKE @q)
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"""
            {Select} {where} ORDER BY r.created_at DESC, r.id DESC OFFSET @offset LIMIT @limit;
            SELECT count(*)::int FROM rollouts r {where};
            """, args, cancellationToken: ct));
        var items = (await results.ReadAsync<RolloutRow>()).ToList();
        return (items, await results.ReadSingleAsync<int>());
    }

    public async Task<RolloutRow?> FindAsync(Guid id, BrandScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, id, scope, ct);
    }

    public static Task<RolloutRow?> FindAsync(DbConnection conn, DbTransaction? tx, Guid id, BrandScope scope, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"{Select} WHERE r.id = @id AND (@AllBrands OR r.brand_id = ANY(@BrandIds))",
            new { id, scope.AllBrands, scope.BrandIds }, tx, cancellationToken: ct));

    /// <summary>
    /// Campaigns of the rollout by status, counted on every read over campaigns_rollout_status_idx: always exactly what is
    /// committed, however many workflow actions run at once (no counter to keep in step). Call only for a rollout found in
    /// the caller's brands (<see cref="FindAsync(Guid, BrandScope, CancellationToken)"/>): every campaign of a rollout is of
    /// the rollout's brand (the bulk call creates them there, and a campaign never changes brand), so the brand predicate is
    /// the rollout's and the count stays an index-only range. A location manager limited to stores adds the store predicate.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(Guid rolloutId, CampaignScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Status, int N)>(new CommandDefinition(CountsSql(scope),
            new { rolloutId, scope.LocationScope }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Status, r => r.N);
    }

    /// <summary>The counts statement (the benchmark EXPLAINs exactly this).</summary>
    public static string CountsSql(CampaignScope scope) =>
        "SELECT c.status, count(*)::int FROM campaigns c WHERE c.rollout_id = @rolloutId"
        + (scope.LocationScope is null ? "" : " AND c.location_id = ANY(@LocationScope)") + " GROUP BY c.status";

    /// <summary>
    /// One page of the rollout's stores in store-number order with each one's campaign, its status and since when (its last
    /// transition, else its creation). The status filter is a range of campaigns_rollout_status_idx.
    /// </summary>
    public async Task<(IReadOnlyList<RolloutLocationRow> Items, int Total)> LocationsAsync(RolloutLocationQuery q, CancellationToken ct)
    {
        var (page, count, args) = LocationsSql(q);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"{page};\n{count}", args, cancellationToken: ct));
        var items = (await results.ReadAsync<RolloutLocationRow>()).ToList();
        return (items, await results.ReadSingleAsync<int>());
    }

    /// <summary>
    /// The page and count statements of the per-store view with their parameters (the benchmark EXPLAINs exactly these). As for
    /// the counts, the rollout has been found in the caller's brands; only a store limit adds a scope predicate.
    /// </summary>
    public static (string Page, string Count, object Args) LocationsSql(RolloutLocationQuery q)
    {
        var args = new
        {
            q.RolloutId, q.Scope.LocationScope, q.Status, q = Like.Pattern(q.Q), q.Offset, q.Limit,
        };
        var filter = "c.rollout_id = @RolloutId"
                     + (q.Scope.LocationScope is null ? "" : " AND c.location_id = ANY(@LocationScope)")
                     + (q.Status is null ? "" : " AND c.status = @Status");
        const string search = "lower(l.name || ' ' || l.store_number) LIKE @q";
        var where = q.Q is null ? $"WHERE {filter}" : $"WHERE {filter} AND {search}";
        var page = $"""
            SELECT l.id AS location_id, l.name AS location_name, l.store_number, c.id AS campaign_id, c.status,
                   coalesce((SELECT h.at FROM campaign_history h WHERE h.campaign_id = c.id ORDER BY h.at DESC, h.id DESC LIMIT 1), c.created_at) AS since
            FROM (SELECT c.id, c.location_id, c.status, c.created_at
                  FROM campaigns c JOIN locations l ON l.id = c.location_id {where}
                  ORDER BY l.store_number, c.id OFFSET @Offset LIMIT @Limit) c
            JOIN locations l ON l.id = c.location_id
            ORDER BY l.store_number, c.id
            """;
        // Without a search the total needs no store names: an index-only range of campaigns_rollout_status_idx.
        var count = q.Q is null
            ? $"SELECT count(*)::int FROM campaigns c {where}"
            : $"SELECT count(*)::int FROM campaigns c JOIN locations l ON l.id = c.location_id {where}";
        return (page, count, args);
    }
}
