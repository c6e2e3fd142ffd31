using Dapper;
using Npgsql;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Db;

namespace StoreSync.Data.Exports;

/// <summary>A location as its export row shows it (the import template's columns plus its attributes as JSON).</summary>
public sealed class LocationExportRow
{
    public string StoreNumber { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string TimeZone { get; init; } = "";
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public bool IsActive { get; init; }
    public string Attributes { get; init; } = "{}";
}

/// <summary>What exports read, row by row from an unbuffered reader, inside the caller's scope.</summary>
public sealed class ExportQueries(NpgsqlDataSource db)
{
    /// <summary>How many campaigns the list query matches (the trigger-kept counters answer brand and status filters).</summary>
    public async Task<int> CountCampaignsAsync(CampaignListQuery q, CancellationToken ct)
    {
        var (_, count, args) = CampaignStore.ListSql(q);
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(count, args, cancellationToken: ct));
    }

    /// <summary>
    /// The campaigns of <c>GET /campaigns</c> with the same filters, scope and order (its own SQL, so the two never drift),
    /// streamed: <paramref name="q"/>'s offset and limit bound the whole export.
    /// </summary>
    public async IAsyncEnumerable<CampaignView> CampaignsAsync(CampaignListQuery q,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (page, _, args) = CampaignStore.ListSql(q);
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var row in conn.QueryUnbufferedAsync<CampaignView>(page, args).WithCancellation(ct))
            yield return row;
    }

    /// <summary>The brand's locations in store-number order (limited location managers: theirs only).</summary>
    public async IAsyncEnumerable<LocationExportRow> LocationsAsync(Guid brandId, Guid[]? locationScope,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var row in conn.QueryUnbufferedAsync<LocationExportRow>("""
                           SELECT store_number, name, street, city, state, postal_code, country, time_zone, latitude, longitude, is_active,
                                  attributes::text AS attributes
                           FROM locations
                           WHERE brand_id = @brandId AND (@locationScope::uuid[] IS NULL OR id = ANY(@locationScope))
                           ORDER BY store_number
                           """, new { brandId, locationScope }).WithCancellation(ct))
            yield return row;
    }

    /// <summary>
    /// Attribute keys of the brand's locations whose every value a sheet cell carries and the import reads back the same:
    /// numbers, booleans, and text the import would not retype (a number, true/false/yes/no), trim or refuse (over 1,000).
    /// </summary>
    public async Task<IReadOnlyList<string>> ScalarAttributeKeysAsync(Guid brandId, Guid[]? locationScope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition("""
            SELECT a.key FROM locations l CROSS JOIN LATERAL jsonb_each(l.attributes) a
            WHERE l.brand_id = @brandId AND (@locationScope::uuid[] IS NULL OR l.id = ANY(@locationScope))
            GROUP BY a.key
            HAVING bool_and(CASE jsonb_typeof(a.value)
                WHEN 'number' THEN true
                WHEN 'boolean' THEN true
                WHEN 'string' THEN (a.value #>> '{}') !~* '^(-?(0|0[.e][0-9.e+-]*|[1-9][0-9.e+-]*)|true|false|yes|no)$'
                                   AND btrim(a.value #>> '{}') = (a.value #>> '{}') AND length(a.value #>> '{}') BETWEEN 1 AND 1000
                ELSE false END)
            ORDER BY a.key
            """, new { brandId, locationScope }, cancellationToken: ct))).ToList();
    }
}
