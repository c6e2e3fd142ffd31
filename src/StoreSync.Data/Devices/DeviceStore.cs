using System.Data.Common;
using Dapper;
using Npgsql;

namespace StoreSync.Data.Devices;

// Property-style: Dapper applies the DateTimeOffset type handler only when assigning properties.
public sealed record DeviceRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public Guid LocationId { get; init; }
    public string Name { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
}

/// <summary>An authenticated device: the location it belongs to (all it may see) and when it was last recorded as seen.</summary>
public sealed record DeviceIdentity
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public Guid LocationId { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
}

/// <summary>Devices of locations; keys are stored only as SHA-256 hashes.</summary>
public sealed class DeviceStore(NpgsqlDataSource db)
{
    private const string Columns = "d.id, d.brand_id, d.location_id, d.name, d.created_at, d.last_seen_at";

    /// <summary>The location when it exists in the brand (the caller's brand rights are checked before).</summary>
    public static Task<bool> LocationExistsAsync(DbConnection conn, DbTransaction? tx, Guid brandId, Guid locationId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM locations WHERE id = @locationId AND brand_id = @brandId)",
            new { brandId, locationId }, tx, cancellationToken: ct));

    public static Task<DeviceRow> InsertAsync(DbConnection conn, DbTransaction tx, Guid id, Guid brandId, Guid locationId, string name,
        byte[] keyHash, Guid createdBy, CancellationToken ct) =>
        conn.QuerySingleAsync<DeviceRow>(new CommandDefinition($"""
            INSERT INTO devices AS d (id, brand_id, location_id, name, key_hash, created_by)
            VALUES (@id, @brandId, @locationId, @name, @keyHash, @createdBy)
            RETURNING {Columns}
            """, new { id, brandId, locationId, name, keyHash, createdBy }, tx, cancellationToken: ct));

    /// <summary>The location's devices that are not revoked, oldest first (devices_location_idx).</summary>
    public async Task<IReadOnlyList<DeviceRow>> ListAsync(Guid brandId, Guid locationId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<DeviceRow>(new CommandDefinition($"""
            SELECT {Columns} FROM devices d
            WHERE d.location_id = @locationId AND d.brand_id = @brandId AND d.revoked_at IS NULL
            ORDER BY d.created_at, d.id
            LIMIT 1000
            """, new { brandId, locationId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Revokes a device of the location; null when there is no such (unrevoked) device.</summary>
    public static Task<DeviceRow?> RevokeAsync(DbConnection conn, DbTransaction tx, Guid brandId, Guid locationId, Guid deviceId,
        DateTimeOffset now, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition($"""
            UPDATE devices d SET revoked_at = @now
            WHERE d.id = @deviceId AND d.location_id = @locationId AND d.brand_id = @brandId AND d.revoked_at IS NULL
            RETURNING {Columns}
            """, new { brandId, locationId, deviceId, now = now.UtcDateTime }, tx, cancellationToken: ct));

    /// <summary>The device of a key hash, unless revoked; one index probe per request, so revocation applies to the next request.</summary>
    public async Task<DeviceIdentity?> AuthenticateAsync(byte[] keyHash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeviceIdentity>(new CommandDefinition(
            "SELECT id, brand_id, location_id, last_seen_at FROM devices WHERE key_hash = @keyHash AND revoked_at IS NULL",
            new { keyHash }, cancellationToken: ct));
    }

    /// <summary>Records the device as seen; the condition keeps concurrent requests from writing the row more than once a minute.</summary>
    public async Task TouchAsync(Guid deviceId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE devices SET last_seen_at = @now
            WHERE id = @deviceId AND revoked_at IS NULL AND (last_seen_at IS NULL OR last_seen_at < @now - interval '1 minute')
            """, new { deviceId, now = now.UtcDateTime }, cancellationToken: ct));
    }
}
