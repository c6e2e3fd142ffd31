using Dapper;
using Npgsql;

namespace StoreSync.Data.Store;

/// <summary>
/// Which moment a feed answers for. <see cref="Preview"/> is false for "now" (no <c>at</c> given): live is what the lifecycle
/// made active, upcoming what is scheduled to start within the window. With an explicit <c>at</c> (head office previewing a
/// store's Saturday morning) live is every approved, scheduled or active campaign whose [start, end) contains <c>at</c>, and
/// upcoming the approved or scheduled ones starting after <c>at</c> within the window.
/// </summary>
public sealed record FeedWindow(Guid LocationId, DateTimeOffset At, DateTimeOffset Until, bool Preview);

public sealed record FeedLocationRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public string Name { get; init; } = "";
    public string StoreNumber { get; init; } = "";
    public string TimeZone { get; init; } = "";
}

public sealed record FeedCampaignRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string Content { get; init; } = "";
    public string? Offer { get; init; }
    public bool VouchersRequired { get; init; }
    public bool Live { get; init; }
}

/// <summary>The store feed: one location's live and upcoming campaigns, and a cheap version of exactly that answer.</summary>
public sealed class StoreFeedQueries(NpgsqlDataSource db)
{
    // Both variants read campaigns_location_feed_idx (location_id, scheduled_start) WHERE status IN (approved, scheduled, active).
    private const string NowFilter = """
        c.location_id = @LocationId AND c.status IN ('approved', 'scheduled', 'active')
          AND (c.status = 'active' OR (c.status = 'scheduled' AND c.scheduled_start < @Until))
        """;

    private const string PreviewFilter = """
        c.location_id = @LocationId AND c.status IN ('approved', 'scheduled', 'active')
          AND c.scheduled_start < @Until AND c.scheduled_end > @At
        """;

    private static string Filter(FeedWindow w) => w.Preview ? PreviewFilter : NowFilter;

    private static string LiveExpression(FeedWindow w) => w.Preview ? "c.scheduled_start <= @At" : "c.status = 'active'";

    private static object Args(FeedWindow w) => new { w.LocationId, At = w.At.UtcDateTime, Until = w.Until.UtcDateTime };

    /// <summary>
    /// A fingerprint of everything the feed body depends on: the location row's version and, per campaign in the answer,
    /// its id, version, update time and whether it is live. Every write to a campaign bumps its version, and time moving a
    /// campaign into the window changes the set, so the fingerprint changes exactly when the body would. Index-only reads.
    /// </summary>
    public async Task<string?> VersionAsync(FeedWindow w, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<string?>(new CommandDefinition($"""
            SELECT md5(l.version || '|' || l.updated_at || '|' || coalesce((
                SELECT string_agg(c.id || ':' || c.version || ':' || c.updated_at || ':' || ({LiveExpression(w)}), ',' ORDER BY c.id)
                FROM campaigns c WHERE {Filter(w)}), ''))
            FROM locations l WHERE l.id = @LocationId
            """, Args(w), cancellationToken: ct));
    }

    public async Task<(FeedLocationRow? Location, IReadOnlyList<FeedCampaignRow> Campaigns)> FeedAsync(FeedWindow w, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition($"""
            SELECT id, brand_id, name, store_number, time_zone FROM locations WHERE id = @LocationId;
            SELECT c.id, c.name, c.scheduled_start AS starts_at, c.scheduled_end AS ends_at,
                   coalesce(c.generated_content, c.rendered_content) AS content, c.offer::text AS offer,
                   coalesce(c.offer -> 'requiresVoucher' = 'true'::jsonb, false) AS vouchers_required,
                   {LiveExpression(w)} AS live
            FROM campaigns c WHERE {Filter(w)}
            ORDER BY c.scheduled_start, c.id
            LIMIT 500;
            """, Args(w), cancellationToken: ct));
        var location = await grid.ReadSingleOrDefaultAsync<FeedLocationRow>();
        var campaigns = (await grid.ReadAsync<FeedCampaignRow>()).ToList();
        return (location, campaigns);
    }

    /// <summary>The exact SQL of the feed body (the benchmark runs it directly on Npgsql to compare with the HTTP path).</summary>
    public static (string Sql, object Args) FeedCampaignsSql(FeedWindow w) => ($"""
        SELECT c.id, c.name, c.scheduled_start, c.scheduled_end, coalesce(c.generated_content, c.rendered_content) AS content, c.offer::text,
               coalesce(c.offer -> 'requiresVoucher' = 'true'::jsonb, false), {LiveExpression(w)}
        FROM campaigns c WHERE {Filter(w)}
        ORDER BY c.scheduled_start, c.id
        LIMIT 500
        """, Args(w));
}
