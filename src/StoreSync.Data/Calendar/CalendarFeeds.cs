using Dapper;
using Npgsql;
using StoreSync.Data.Db;

namespace StoreSync.Data.Calendar;

/// <summary>The owner of a live calendar token, with what they may see (the same sources as the signed-in caller's scope).</summary>
public sealed record CalendarOwnerRow
{
    public Guid UserId { get; init; }
    public string Username { get; init; } = "";
    public string Role { get; init; } = "";
    public Guid[] BrandIds { get; init; } = [];
    public Guid[] LocationIds { get; init; } = [];
    public bool LimitedToLocations { get; init; }
}

/// <summary>A campaign as a calendar event.</summary>
public sealed class CalendarEventRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Status { get; init; } = "";
    public string StoreNumber { get; init; } = "";
    public string LocationName { get; init; } = "";
    public string? FullAddress { get; init; }
    public string TimeZone { get; init; } = "";
    public string RenderedContent { get; init; } = "";
    public DateTimeOffset ScheduledStart { get; init; }
    public DateTimeOffset ScheduledEnd { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }
}

/// <summary>Personal calendar tokens (stored as SHA-256 only, one per user) and the events a feed shows.</summary>
public sealed class CalendarFeeds(NpgsqlDataSource db)
{
    /// <summary>Stores the hash of a new token for the user, replacing (and so revoking) any earlier one.</summary>
    public async Task IssueAsync(Guid userId, byte[] tokenHash, DateTimeOffset now, DateTimeOffset expires, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO calendar_tokens (user_id, token_hash, created_at, expires_at) VALUES (@userId, @tokenHash, @now, @expires)
            ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, expires_at = excluded.expires_at
            """, new { userId, tokenHash, now = now.UtcDateTime, expires = expires.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>The active owner of an unexpired token; null for an unknown, replaced or expired token alike.</summary>
    public async Task<CalendarOwnerRow?> FindOwnerAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<CalendarOwnerRow>(new CommandDefinition("""
            SELECT u.id AS user_id, u.username, u.role, u.limited_to_locations,
                   ARRAY(SELECT brand_id FROM user_brands WHERE user_id = u.id) AS brand_ids,
                   ARRAY(SELECT location_id FROM user_locations WHERE user_id = u.id) AS location_ids
            FROM calendar_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @tokenHash AND t.expires_at > @now AND u.is_active
            """, new { tokenHash, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Scheduled and active campaigns in scope that have not ended before <paramref name="since"/>, by start.</summary>
    public async Task<IReadOnlyList<CalendarEventRow>> EventsAsync(CampaignScope scope, Guid? brandId, Guid? locationId, DateTimeOffset since,
        int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<CalendarEventRow>(new CommandDefinition($"""
            SELECT c.id, c.name, c.status, l.store_number, l.name AS location_name,
                   nullif(concat_ws(', ', l.street, l.city, nullif(concat_ws(' ', l.state, l.postal_code), ''), l.country), '') AS full_address,
                   l.time_zone, c.rendered_content, c.scheduled_start, c.scheduled_end, c.updated_at, c.version
            FROM campaigns c JOIN locations l ON l.id = c.location_id
            WHERE c.status IN ('scheduled', 'active') AND c.scheduled_start IS NOT NULL AND c.scheduled_end IS NOT NULL
              AND c.scheduled_end >= @since AND {Campaigns.CampaignStore.InScope}
              AND (@brandId::uuid IS NULL OR c.brand_id = @brandId) AND (@locationId::uuid IS NULL OR c.location_id = @locationId)
            ORDER BY c.scheduled_start, c.id
            LIMIT @limit
            """, new { scope.AllBrands, scope.BrandIds, scope.LocationScope, brandId, locationId, since = since.UtcDateTime, limit },
            cancellationToken: ct))).ToList();
    }
}
