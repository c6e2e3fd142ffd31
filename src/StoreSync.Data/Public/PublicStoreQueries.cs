using Dapper;
using Npgsql;

namespace StoreSync.Data.Public;

public sealed record PublicStoreRow
{
    public Guid LocationId { get; init; }
    public string BrandName { get; init; } = "";
    public string BrandSlug { get; init; } = "";
    public string Name { get; init; } = "";
    public string StoreNumber { get; init; } = "";
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string TimeZone { get; init; } = "";
    public string? Hours { get; init; }
    public int Version { get; init; }
}

public sealed record PublicCampaignRow
{
    public string Name { get; init; } = "";
    public string Content { get; init; } = "";
    public string? Offer { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public int Version { get; init; }
    public Guid Id { get; init; }
}

/// <summary>The public store page: an active store of a brand (by slug and store number) and its live campaigns only.</summary>
public sealed class PublicStoreQueries(NpgsqlDataSource db)
{
    public async Task<(PublicStoreRow? Store, IReadOnlyList<PublicCampaignRow> Campaigns)> FindAsync(string brandSlug, string storeNumber, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var store = await conn.QuerySingleOrDefaultAsync<PublicStoreRow>(new CommandDefinition("""
            SELECT l.id AS location_id, b.name AS brand_name, b.slug AS brand_slug, l.name, l.store_number, l.street, l.city, l.state,
                   l.postal_code, l.country, l.time_zone, (l.attributes -> 'hours')::text AS hours, l.version
            FROM brands b JOIN locations l ON l.brand_id = b.id
            WHERE b.slug = @brandSlug AND l.store_number = @storeNumber AND l.is_active
            """, new { brandSlug, storeNumber }, cancellationToken: ct));
        if (store is null) return (null, []);
        // Live means active: the lifecycle's decision. Drafts, reviews, rejected, approved-not-yet-live never appear.
        var campaigns = (await conn.QueryAsync<PublicCampaignRow>(new CommandDefinition("""
            SELECT c.id, c.name, coalesce(c.generated_content, c.rendered_content) AS content, c.offer::text AS offer,
                   c.scheduled_start AS starts_at, c.scheduled_end AS ends_at, c.version
            FROM campaigns c
            WHERE c.location_id = @LocationId AND c.status = 'active'
            ORDER BY c.scheduled_start, c.id
            LIMIT 50
            """, new { store.LocationId }, cancellationToken: ct))).ToList();
        return (store, campaigns);
    }
}
