using System.Data.Common;
using Dapper;
using StoreSync.Data.Db;

namespace StoreSync.Data.Offers;

/// <summary>A campaign's offer with what pricing and conflict checks need: its store, dates and brand settings (currency).</summary>
public sealed class CampaignOfferRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public Guid LocationId { get; init; }
    public string Name { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset? ScheduledStart { get; init; }
    public DateTimeOffset? ScheduledEnd { get; init; }
    public string? Offer { get; init; }
    public string TimeZone { get; init; } = "";
    public string BrandSettings { get; init; } = "{}";
}

public static class OfferStore
{
    /// <summary>Statuses whose offers will reach (or are at) the tills; drafts, rejected, finished and cancelled campaigns compete with nothing.</summary>
    public static readonly string[] CompetingStatuses = ["pendingReview", "approved", "scheduled", "active"];

    private const string Select = """
        SELECT c.id, c.brand_id, c.location_id, c.name, c.status, c.scheduled_start, c.scheduled_end, c.offer::text AS offer,
               l.time_zone, b.settings::text AS brand_settings
        FROM campaigns c JOIN locations l ON l.id = c.location_id JOIN brands b ON b.id = c.brand_id
        """;

    public static Task<string?> BrandSettingsAsync(DbConnection conn, DbTransaction? tx, Guid brandId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT settings::text FROM brands WHERE id = @brandId", new { brandId }, tx,
            cancellationToken: ct));

    /// <summary>The listed campaigns the caller can see (others do not come back).</summary>
    public static async Task<IReadOnlyList<CampaignOfferRow>> CampaignsAsync(DbConnection conn, DbTransaction? tx, Guid[] ids, CampaignScope scope,
        CancellationToken ct) =>
        (await conn.QueryAsync<CampaignOfferRow>(new CommandDefinition($"{Select} WHERE c.id = ANY(@ids) AND {Campaigns.CampaignStore.InScope}",
            new { ids, scope.AllBrands, scope.BrandIds, scope.LocationScope }, tx, cancellationToken: ct))).ToList();

    /// <summary>
    /// Campaigns with an offer in a competing status at any of the locations whose dates meet [from, to) (null dates are
    /// open-ended), in one statement for any number of subjects; the caller pairs them up.
    /// </summary>
    public static async Task<IReadOnlyList<CampaignOfferRow>> CompetitorsAsync(DbConnection conn, DbTransaction? tx, Guid[] locationIds,
        DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        (await conn.QueryAsync<CampaignOfferRow>(new CommandDefinition($"""
            {Select}
            WHERE c.location_id = ANY(@locationIds) AND c.offer IS NOT NULL
              AND c.status IN ('pendingReview', 'approved', 'scheduled', 'active')
              AND (@from::timestamptz IS NULL OR c.scheduled_end IS NULL OR c.scheduled_end > @from)
              AND (@to::timestamptz IS NULL OR c.scheduled_start IS NULL OR c.scheduled_start < @to)
            ORDER BY c.location_id, c.scheduled_start NULLS FIRST, c.id
            """, new { locationIds, from = from?.UtcDateTime, to = to?.UtcDateTime }, tx, cancellationToken: ct))).ToList();
}
