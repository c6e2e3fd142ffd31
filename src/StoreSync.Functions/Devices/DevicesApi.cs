using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Devices;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Devices;

public sealed record DeviceRequest(string? Name);

public sealed record DeviceResponse(Guid Id, Guid LocationId, string Name, DateTime CreatedAt, DateTime? LastSeenAt)
{
    public static DeviceResponse From(DeviceRow d) => new(d.Id, d.LocationId, d.Name, d.CreatedAt.UtcDateTime, d.LastSeenAt?.UtcDateTime);
}

public sealed record DeviceList(IReadOnlyList<DeviceResponse> Items);

/// <summary>The answer to a create: the only time the key is ever shown.</summary>
public sealed record CreatedDeviceResponse(Guid Id, Guid LocationId, string Name, string Key, DateTime CreatedAt);

public static class DevicesApi
{
    public const int MaxNameLength = 100;

    internal static async Task<IResult> Create(Guid brandId, Guid locationId, DeviceRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (Denied(me, brandId) is { } denied) return denied;
        var name = body.Name?.Trim();
        var v = new Validator().Required("name", name, MaxNameLength);
        if (!v.IsValid) return v.ToResult();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await DeviceStore.LocationExistsAsync(conn, tx, brandId, locationId, ct)) return Problem.NotFound("location");
        var key = DeviceKeys.New();
        var row = await DeviceStore.InsertAsync(conn, tx, Guid.CreateVersion7(), brandId, locationId, name!, DeviceKeys.Hash(key), me.Id, ct);
        await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "create", "device", row.Id, new { locationId, row.Name }, ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/brands/{brandId}/locations/{locationId}/devices/{row.Id}",
            new CreatedDeviceResponse(row.Id, row.LocationId, row.Name, key, row.CreatedAt.UtcDateTime));
    }

    internal static async Task<IResult> List(Guid brandId, Guid locationId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (Denied(http.CurrentUser(), brandId) is { } denied) return denied;
        await using (var conn = await db.OpenConnectionAsync(ct))
            if (!await DeviceStore.LocationExistsAsync(conn, null, brandId, locationId, ct)) return Problem.NotFound("location");
        var rows = await new DeviceStore(db).ListAsync(brandId, locationId, ct);
        return Results.Ok(new DeviceList(rows.Select(DeviceResponse.From).ToList()));
    }

    internal static async Task<IResult> Revoke(Guid brandId, Guid locationId, Guid deviceId, HttpContext http, NpgsqlDataSource db,
        TimeProvider clock, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (Denied(me, brandId) is { } denied) return denied;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await DeviceStore.RevokeAsync(conn, tx, brandId, locationId, deviceId, clock.GetUtcNow(), ct) is not { } row)
            return Problem.NotFound("device");
        await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "revoke", "device", deviceId, new { locationId, row.Name }, ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Brand managers of the brand and admins manage devices; other brands are 404, other roles of the brand 403.</summary>
    private static IResult? Denied(CurrentUser me, Guid brandId) =>
        !me.CanSeeBrand(brandId) ? Problem.NotFound("location")
        : !me.CanManageBrand(brandId) ? Problem.Forbidden("Only admins and the brand's brand managers manage devices.")
        : null;
}
